/**
 * Server-sent event framing (https://html.spec.whatwg.org/multipage/server-sent-events.html):
 * each field on its own line, a blank line ends the event. `data` is JSON, so it has no raw
 * newline; a multi-line string would need one `data:` line per line.
 */
export function sseEvent(fields: { id?: string; event?: string; data: string }): string {
  let frame = '';
  if (fields.id !== undefined) frame += `id: ${singleLine(fields.id)}\n`;
  if (fields.event !== undefined) frame += `event: ${singleLine(fields.event)}\n`;
  for (const line of fields.data.split(/\r\n|\r|\n/)) frame += `data: ${line}\n`;
  return `${frame}\n`;
}

/** A comment line (ignored by clients; keeps idle connections open through proxies). */
export function sseComment(text: string): string {
  return `: ${singleLine(text)}\n\n`;
}

/** Tells the client how long to wait before reconnecting. */
export function sseRetry(milliseconds: number): string {
  return `retry: ${Math.max(0, Math.floor(milliseconds))}\n\n`;
}

/** A `Last-Event-ID` as a sequence number; anything else counts as none. */
export function parseLastEventId(value: unknown): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (typeof text !== 'string' || !/^\d{1,15}$/.test(text.trim())) return undefined;
  return Number(text.trim());
}

function singleLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ');
}
