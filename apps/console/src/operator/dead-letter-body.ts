/** A dead letter's body as shown: pretty JSON when it parses, the text as it is otherwise. */
export function displayBody(body: string, truncated: boolean): string {
  if (!truncated) {
    try {
      return JSON.stringify(JSON.parse(body), null, 2);
    } catch {
      // not JSON: shown as text
    }
  }
  return truncated ? `${body}\n… (cut at 16 KiB)` : body;
}

/** "3 messages", "1 message". */
export function messages(count: number): string {
  return `${count} message${count === 1 ? '' : 's'}`;
}
