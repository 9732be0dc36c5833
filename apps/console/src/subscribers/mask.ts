/** A secret as the console shows it: its last four characters at most, never the whole value. */
export function maskSecret(value: string): string {
  return value.length > 12 ? `••••${value.slice(-4)}` : '••••';
}

/** Credential fields that address a device or a webhook (secrets); the others are labels. */
const SECRET_FIELDS = new Set(['webhookUrl', 'deviceTokens', 'alertUid']);

/** Every credential field of a subscriber channel, secrets masked, as `name: value` lines. */
export function maskedCredentials(credentials: Record<string, unknown>): string[] {
  return Object.entries(credentials).flatMap(([name, value]) => {
    if (value === undefined || value === null) return [];
    const values = Array.isArray(value) ? value.map(String) : [String(value)];
    const shown = SECRET_FIELDS.has(name) ? values.map(maskSecret) : values;
    return [`${name}: ${shown.join(', ')}`];
  });
}
