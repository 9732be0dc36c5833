import { createHash } from 'node:crypto';

import { z } from 'zod';

/** What makes one delivery: the same for every attempt and every failover of one job. */
export interface DeliveryKeyParts {
  environmentId: string;
  transactionId: string;
  subscriberId: string;
  stepId: string;
}

/** A delivery key: 64 lowercase hex characters (SHA-256). */
export const deliveryKeySchema = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex characters (SHA-256)');

/**
 * The delivery key of (environment, transactionId, subscriber, step). Runners derive provider
 * idempotency keys and the SMTP Message-ID from it, so a redelivered job is recognisable
 * downstream. The parts are JSON-encoded before hashing so no two tuples collide by concatenation.
 */
export function computeDeliveryKey(parts: DeliveryKeyParts): string {
  const encoded = JSON.stringify([parts.environmentId, parts.transactionId, parts.subscriberId, parts.stepId]);
  return createHash('sha256').update(encoded, 'utf8').digest('hex');
}
