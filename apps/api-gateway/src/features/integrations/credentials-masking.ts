/**
 * Credential fields that configure rather than authenticate (sender, host, region, flags): shown
 * in clear so a dashboard can display them. Everything else is a secret and only ever masked.
 */
const PUBLIC_FIELDS = new Set([
  'from',
  'senderName',
  'host',
  'port',
  'secure',
  'region',
  'requireTls',
  'ignoreTls',
  'domain',
  'baseUrl',
  'projectName',
  'applicationId',
  'clientId',
  'user',
  'accountSid',
  'senderId',
  'ipPoolName',
  'configurationSetName',
  'messageProfileId',
  'hmac',
  'authenticateByToken',
]);

const MASK = '********';

/** `********` plus the last four characters of a long secret, enough to tell two keys apart. */
export function maskSecret(value: string): string {
  return value.length >= 12 ? `${MASK}${value.slice(-4)}` : MASK;
}

/**
 * Credentials as the API returns them: public fields in clear, secret strings masked, nested
 * objects (TLS options) left out. Never the stored secrets.
 */
export function maskCredentials(credentials: Record<string, unknown>): Record<string, unknown> {
  const masked: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(credentials)) {
    if (typeof value === 'boolean') masked[key] = value;
    else if (typeof value === 'string') masked[key] = PUBLIC_FIELDS.has(key) ? value : maskSecret(value);
    else if (typeof value === 'number') masked[key] = PUBLIC_FIELDS.has(key) ? value : MASK;
  }
  return masked;
}

/**
 * Applies an update to stored credentials. A value equal to what the API showed for it (its mask)
 * keeps the stored secret, so a client can send back what it read; `null` removes a field.
 */
export function mergeCredentials(
  stored: Record<string, unknown>,
  update: Record<string, unknown>,
): Record<string, unknown> {
  const shown = maskCredentials(stored);
  const merged: Record<string, unknown> = { ...stored };
  for (const [key, value] of Object.entries(update)) {
    if (value === null) delete merged[key];
    else if (!(key in stored && shown[key] === value && !PUBLIC_FIELDS.has(key))) merged[key] = value;
  }
  return merged;
}
