import { hash, randomUUID } from 'node:crypto';

/** Herald's namespace for derived transactionIds (a random v4 UUID, fixed forever). */
export const TRANSACTION_ID_NAMESPACE = '4f7c2b1e-9a63-4d0e-8f2a-6b5e3c1d9a07';

/** RFC 4122 version-5 UUID: SHA-1 of namespace bytes + name, with version and variant bits set. */
export function uuidV5(name: string, namespace: string): string {
  const namespaceBytes = namespaceBytesOf(namespace);
  const digest = hash('sha1', Buffer.concat([namespaceBytes, Buffer.from(name, 'utf8')]), 'buffer');
  digest[6] = (digest[6] & 0x0f) | 0x50;
  digest[8] = (digest[8] & 0x3f) | 0x80;
  const hex = digest.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

let lastNamespace: { text: string; bytes: Buffer } | undefined;

/** A namespace UUID's 16 bytes (the last one is kept: callers use one namespace). */
function namespaceBytesOf(namespace: string): Buffer {
  if (lastNamespace?.text === namespace) return lastNamespace.bytes;
  const bytes = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  if (bytes.length !== 16) throw new Error(`invalid namespace UUID: ${namespace}`);
  lastNamespace = { text: namespace, bytes };
  return bytes;
}

/** Where a trigger's transactionId comes from. */
export interface TransactionIdSource {
  /** The client's `transactionId`, when it sent one. */
  given?: string;
  environmentId: string;
  idempotencyKey?: string;
  /** Position in a bulk request (each event needs its own id under the one key). */
  bulkIndex?: number;
}

/**
 * The client's transactionId; else one derived from (environment, idempotency key[, bulk
 * index]) so a retried request carries the same id and the worker's de-duplication catches it
 * even past the idempotency window; else a fresh UUID.
 */
export function resolveTransactionId(source: TransactionIdSource): string {
  if (source.given !== undefined) return source.given;
  if (!source.idempotencyKey) return randomUUID();
  const parts = [
    source.environmentId,
    source.idempotencyKey,
    ...(source.bulkIndex === undefined ? [] : [String(source.bulkIndex)]),
  ];
  return uuidV5(parts.join('\n'), TRANSACTION_ID_NAMESPACE);
}
