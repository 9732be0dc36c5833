/** The sample a step preview and a "send test" use, as typed into the Workflows view. */

export type ParsedSample = { ok: true; payload: Record<string, unknown> } | { ok: false; error: string };

/** The payload box's text as a JSON object, or the sentence that says what is wrong with it. */
export function parseSamplePayload(text: string): ParsedSample {
  if (text.trim() === '') return { ok: true, payload: {} };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'it does not parse';
    return { ok: false, error: `The sample payload is not valid JSON (${reason}); correct it and try again.` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return { ok: false, error: 'The sample payload must be a JSON object, such as {"name": "Ada"}.' };
  return { ok: true, payload: value as Record<string, unknown> };
}

/** A preview's field as text: strings as they are, anything else as JSON. */
export function previewText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value, null, 2);
}

/** Which rendered fields of a step are HTML (shown in a sandboxed frame), the rest shown as text. */
export function isHtmlField(stepType: string, field: string): boolean {
  return stepType === 'email' && field === 'body';
}

/** The rendered fields in reading order: subject first, body next, then the rest as the API gave them. */
export function previewFields(preview: Record<string, unknown>): [string, unknown][] {
  const rank = (field: string) => (field === 'subject' ? 0 : field === 'body' ? 1 : 2);
  return Object.entries(preview)
    .filter(([, value]) => value !== undefined && value !== null && value !== '')
    .sort(([a], [b]) => rank(a) - rank(b));
}
