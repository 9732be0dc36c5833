/**
 * Headers `overrides.email.headers` may set besides `X-*` ones: mailing-list, threading and
 * priority headers, which tell the receiver about the message without changing who sent it, who
 * receives it or where bounces go. Compared case-insensitively.
 */
export const EMAIL_OVERRIDE_HEADER_NAMES = [
  'List-Unsubscribe',
  'List-Unsubscribe-Post',
  'List-Id',
  'List-Help',
  'List-Subscribe',
  'List-Post',
  'List-Owner',
  'List-Archive',
  'Precedence',
  'Auto-Submitted',
  'In-Reply-To',
  'References',
  'Thread-Topic',
  'Thread-Index',
  'Importance',
  'Priority',
  'Sensitivity',
  'Keywords',
  'Comments',
  'Feedback-ID',
] as const;

/** The longest header value accepted: one line of RFC 5322 (998 characters). */
export const MAX_EMAIL_OVERRIDE_HEADER_LENGTH = 998;

const ALLOWED = new Set(EMAIL_OVERRIDE_HEADER_NAMES.map((name) => name.toLowerCase()));
/** RFC 5322 allows more in a field name; this is what real headers use, and keeps names printable. */
const HEADER_NAME = /^[A-Za-z0-9-]{1,64}$/;
/** CR and LF would start a new header (injection); other controls have no business in a header. */
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f]/;

/**
 * Why an email override header may not be sent, or undefined when it may. An allow-list: a name
 * from {@link EMAIL_OVERRIDE_HEADER_NAMES} or any `X-*` name except `X-Herald-*` (Herald's own,
 * e.g. `X-Herald-Delivery-Key`, by which receivers de-duplicate), with a one-line string value.
 * So `From`, `Sender`, `Return-Path`, `Reply-To`, `To`, `Cc`, `Bcc`, `Subject`, `Message-ID`,
 * `Content-*` and every other standard header are refused: addressing has its own overrides
 * (`to`, `cc`, `bcc`, `from`, `senderName`, `replyTo`) and the provider owns the rest. runner-email
 * drops a refused header (decision 0028); the gateway answers 422 with this reason.
 */
export function emailOverrideHeaderRefusal(name: string, value: unknown): string | undefined {
  if (!HEADER_NAME.test(name)) return 'is not a valid header name (letters, digits and "-", at most 64)';
  const lower = name.toLowerCase();
  if (lower.startsWith('x-herald-')) return 'is reserved: X-Herald-* headers are set by Herald';
  if (!lower.startsWith('x-') && !ALLOWED.has(lower)) {
    return 'is not an allowed header: use X-* (not X-Herald-*) or one of the list, threading and priority headers';
  }
  if (typeof value !== 'string') return 'must have a string value';
  if (CONTROL.test(value)) return 'must have a one-line value without control characters';
  if (value.length > MAX_EMAIL_OVERRIDE_HEADER_LENGTH) {
    return `must have a value of at most ${MAX_EMAIL_OVERRIDE_HEADER_LENGTH} characters`;
  }
  return undefined;
}
