import { Alert, Badge, createTheme, Textarea, TextInput } from '@mantine/core';

/** Text on Mantine's tinted ("light") backgrounds: near-black, for WCAG AA contrast in every colour. */
const READABLE = 'var(--mantine-color-dark-9)';

/** An input's description: Mantine's dimmed grey is below AA on white. */
const DESCRIPTION = { description: { color: 'var(--mantine-color-gray-8)' } };

/**
 * Mantine's defaults, with contrast raised where its light variants colour the text itself (the
 * browser suite's axe pass holds the console to no serious violation).
 */
export const consoleTheme = createTheme({
  primaryColor: 'blue',
  primaryShade: 8,
  autoContrast: true,
  components: {
    Badge: Badge.extend({ styles: { root: { color: READABLE } } }),
    Alert: Alert.extend({ styles: { title: { color: READABLE }, message: { color: READABLE } } }),
    TextInput: TextInput.extend({ styles: DESCRIPTION }),
    Textarea: Textarea.extend({ styles: DESCRIPTION }),
  },
});
