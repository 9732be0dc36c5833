/** Longest environment segment kept in a key (ids are UUIDs; anything longer is cut). */
const MAX_ENVIRONMENT_SEGMENT = 64;

/**
 * The object key of an attachment: `<environmentId>/<yyyy>/<mm>/<dd>/<id>` (UTC date of the
 * upload), so an environment's objects can be listed, lifecycle-ruled or purged by prefix. The
 * environment segment keeps only `[A-Za-z0-9_-]`: an id can never add path segments (`/`, `..`).
 */
export function objectKeyFor(environmentId: string, attachmentId: string, createdAt: Date): string {
  const environment = environmentId.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, MAX_ENVIRONMENT_SEGMENT) || '_';
  const yyyy = String(createdAt.getUTCFullYear()).padStart(4, '0');
  const mm = String(createdAt.getUTCMonth() + 1).padStart(2, '0');
  const dd = String(createdAt.getUTCDate()).padStart(2, '0');
  return `${environment}/${yyyy}/${mm}/${dd}/${attachmentId}`;
}

/**
 * `Content-Disposition` for a download, naming the file: an ASCII fallback plus the RFC 5987
 * UTF-8 form, with quotes and control characters removed so a name cannot break the header.
 */
export function attachmentContentDisposition(name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
