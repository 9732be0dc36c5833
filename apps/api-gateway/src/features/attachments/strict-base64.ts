/**
 * Standard base64 alphabet with at most two trailing `=`; together with a length that is a
 * multiple of 4 this is exactly padded base64 (RFC 4648 §4). A grouped pattern like
 * `(?:x{4})*` would say the same but overflows V8's regex stack on multi-megabyte input.
 */
const BASE64_CHARS = /^[A-Za-z0-9+/]*={0,2}$/;

/** A validated base64 text: what it decodes to is known before decoding it. */
export interface StrictBase64 {
  /** The text without the line breaks and spaces MIME-style encoders insert. */
  compact: string;
  /** Size of the decoded bytes. */
  decodedBytes: number;
}

/**
 * Checks that `text` is padded standard base64 (line breaks and spaces allowed, as MIME encoders
 * write them) and says how many bytes it decodes to. Node's own decoder silently skips anything
 * it does not understand, so without this check garbage would be uploaded as a file.
 */
export function parseStrictBase64(text: string): StrictBase64 | undefined {
  const compact = /\s/.test(text) ? text.replace(/[\t\n\r ]/g, '') : text;
  if (compact.length === 0 || compact.length % 4 !== 0 || !BASE64_CHARS.test(compact)) return undefined;
  const padding = compact.endsWith('==') ? 2 : compact.endsWith('=') ? 1 : 0;
  return { compact, decodedBytes: (compact.length / 4) * 3 - padding };
}
