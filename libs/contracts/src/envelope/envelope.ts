import { randomUUID } from 'node:crypto';

import { z } from 'zod';

/** W3C trace context carried with every message so a trigger can be followed across services. */
export const traceContextSchema = z.object({
  traceparent: z.string().min(1).max(256),
  tracestate: z.string().max(512).optional(),
});
export type TraceContext = z.infer<typeof traceContextSchema>;

/**
 * The wrapper every message on the broker has. `id` is the idempotency handle for consumers;
 * `type` is the contract name, which is also the routing key.
 */
export const envelopeSchema = z.object({
  id: z.string().uuid(),
  type: z.string().regex(/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+\.v\d+$/, 'type must look like <entity>.<event>.v<N>'),
  occurredAt: z.string().datetime({ offset: true }),
  environmentId: z.string().min(1),
  trace: traceContextSchema.optional(),
  data: z.unknown(),
});

/** A message on the broker; `data` is validated against the contract named by `type`. */
export interface Envelope<TData = unknown> {
  id: string;
  type: string;
  occurredAt: string;
  environmentId: string;
  trace?: TraceContext;
  data: TData;
}

/** Builds an envelope with a fresh id and the current time. */
export function createEnvelope<TData>(
  type: string,
  environmentId: string,
  data: TData,
  options: { id?: string; occurredAt?: Date; trace?: TraceContext } = {},
): Envelope<TData> {
  return {
    id: options.id ?? randomUUID(),
    type,
    occurredAt: (options.occurredAt ?? new Date()).toISOString(),
    environmentId,
    ...(options.trace ? { trace: options.trace } : {}),
    data,
  };
}
