/**
 * PUTs `bytes` to a presigned S3 URL. Throws when the store does not answer 2xx within
 * `timeoutMs` (the error says the status, never the URL: it carries a signature).
 */
export async function putToPresignedUrl(
  url: string,
  bytes: Buffer,
  contentType: string,
  timeoutMs: number,
): Promise<void> {
  const response = await fetch(url, {
    method: 'PUT',
    body: bytes,
    headers: { 'content-type': contentType },
    signal: AbortSignal.timeout(timeoutMs),
  });
  // Drain the body so the connection goes back to the pool.
  await response.arrayBuffer().catch(() => undefined);
  if (!response.ok) throw new Error(`object storage answered ${response.status} to an attachment upload`);
}
