/** A parsed e-mail message (just enough MIME for test assertions). */
export interface MimeMessage {
  /** Header values by lower-case name (the first occurrence, unfolded). */
  headers: Map<string, string>;
  /** The decoded `text/plain` part, if any. */
  text?: string;
  /** The decoded `text/html` part, if any. */
  html?: string;
  /** Attachments (parts with a file name), decoded. */
  attachments: { filename: string; contentType: string; content: Buffer }[];
}

/** Parses a raw RFC 5322 message: headers, and multipart bodies with quoted-printable or base64 parts. */
export function parseMimeMessage(raw: string): MimeMessage {
  const message: MimeMessage = { headers: new Map(), attachments: [] };
  const { headers, body } = splitPart(raw);
  message.headers = headers;
  collectParts(headers, body, message);
  return message;
}

function splitPart(raw: string): { headers: Map<string, string>; body: string } {
  const separator = raw.search(/\r?\n\r?\n/);
  const head = separator < 0 ? raw : raw.slice(0, separator);
  const body = separator < 0 ? '' : raw.slice(separator).replace(/^\r?\n\r?\n/, '');
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) {
      const name = line.slice(0, colon).trim().toLowerCase();
      if (!headers.has(name)) headers.set(name, decodeEncodedWords(line.slice(colon + 1).trim()));
    }
  }
  return { headers, body };
}

function collectParts(headers: Map<string, string>, body: string, message: MimeMessage): void {
  const contentType = headers.get('content-type') ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (/^multipart\//i.test(contentType) && boundary) {
    const parts = body.split(new RegExp(`\\r?\\n?--${escapeRegExp(boundary)}(?:--)?\\r?\\n?`));
    for (const part of parts.slice(1)) {
      if (part.trim() === '') continue;
      const inner = splitPart(part);
      collectParts(inner.headers, inner.body, message);
    }
    return;
  }
  const content = decodeBody(body, headers.get('content-transfer-encoding'));
  const disposition = headers.get('content-disposition') ?? '';
  const filename = /filename="?([^";]+)"?/i.exec(disposition)?.[1] ?? /name="?([^";]+)"?/i.exec(contentType)?.[1];
  if (filename && /attachment|inline/i.test(disposition)) {
    message.attachments.push({ filename, contentType: contentType.split(';')[0].trim(), content });
  } else if (/^text\/html/i.test(contentType)) {
    message.html = content.toString('utf8');
  } else if (/^text\/plain/i.test(contentType)) {
    message.text = content.toString('utf8');
  }
}

function decodeBody(body: string, encoding = '7bit'): Buffer {
  if (/base64/i.test(encoding)) return Buffer.from(body.replace(/\s+/g, ''), 'base64');
  if (/quoted-printable/i.test(encoding)) return decodeQuotedPrintable(body);
  return Buffer.from(body.replace(/\r?\n$/, ''), 'utf8');
}

function decodeQuotedPrintable(text: string): Buffer {
  const joined = text.replace(/=\r?\n/g, '').replace(/\r?\n$/, '');
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    if (joined[i] === '=' && /^[0-9A-F]{2}$/i.test(joined.slice(i + 1, i + 3))) {
      bytes.push(parseInt(joined.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(joined[i], 'utf8'));
    }
  }
  return Buffer.from(bytes);
}

function decodeEncodedWords(value: string): string {
  return value.replace(/=\?([^?]+)\?([BQ])\?([^?]*)\?=/gi, (_match, _charset: string, kind: string, text: string) =>
    kind.toUpperCase() === 'B'
      ? Buffer.from(text, 'base64').toString('utf8')
      : decodeQuotedPrintable(text.replace(/_/g, ' ')).toString('utf8'),
  );
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
