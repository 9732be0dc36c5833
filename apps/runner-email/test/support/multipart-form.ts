import type { ReceivedRequest } from '@herald/testing';

/** One part of a `multipart/form-data` body. */
export interface FormPart {
  name: string;
  filename?: string;
  contentType?: string;
  content: Buffer;
}

/** The fields of a form body, url-encoded or multipart, and the multipart files. */
export interface ParsedForm {
  fields: [name: string, value: string][];
  files: FormPart[];
}

/** Parses the body of a form POST the way an API server does (tests assert on what arrived). */
export function parseForm(request: ReceivedRequest): ParsedForm {
  const type = String(request.headers['content-type'] ?? '');
  if (type.startsWith('application/x-www-form-urlencoded')) return { fields: [...request.form.entries()], files: [] };
  const boundary = /boundary=("?)([^";]+)\1/.exec(type)?.[2];
  if (!type.startsWith('multipart/form-data') || !boundary) return { fields: [], files: [] };
  const fields: ParsedForm['fields'] = [];
  const files: FormPart[] = [];
  const text = request.raw.toString('latin1');
  for (const chunk of text.split(`--${boundary}`).slice(1)) {
    if (chunk.startsWith('--')) break;
    const split = chunk.indexOf('\r\n\r\n');
    const head = chunk.slice(2, split);
    const content = Buffer.from(chunk.slice(split + 4, chunk.length - 2), 'latin1');
    const name = /name="([^"]*)"/.exec(head)?.[1] ?? '';
    const filename = /filename="([^"]*)"/.exec(head)?.[1];
    const contentType = /content-type:\s*([^\r\n]+)/i.exec(head)?.[1];
    if (filename === undefined) fields.push([name, content.toString('utf8')]);
    else files.push({ name, filename, contentType, content });
  }
  return { fields, files };
}

/** Every value of a field. */
export function fieldValues(form: ParsedForm, name: string): string[] {
  return form.fields.filter(([field]) => field === name).map(([, value]) => value);
}
