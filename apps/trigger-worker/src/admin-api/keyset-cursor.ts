/**
 * Cursors of lists ordered by (created_at, id) carry the id of the row to continue after; the
 * query reads that row's exact `created_at` (microseconds, which JSON dates would lose).
 */
export function encodeCursor(id: string): string {
  return Buffer.from(id).toString('base64url');
}

/** Decodes a cursor, or undefined when it is not one of ours. */
export function decodeCursor(cursor: string | undefined): string | undefined {
  if (!cursor) return undefined;
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id) ? id : undefined;
}
