import { createTheme } from '@mantine/core';

/** Mantine's defaults, with shades dark enough for WCAG AA text contrast on white. */
export const consoleTheme = createTheme({
  primaryColor: 'blue',
  primaryShade: 8,
  autoContrast: true,
});
