import { z } from 'zod';

import { transactionIdSchema } from '../common/primitives.schema';
import { RpcMethodContract, workerRpcScope } from './trigger-worker-rpc';

/**
 * RPC method behind `DELETE /v1/events/trigger/:transactionId`, with Novu's semantics: the
 * transaction's PENDING, DELAYED and MERGED jobs become CANCELED (QUEUED and RUNNING ones
 * finish); a canceled digesting job hands its window to its oldest merged follower; a topic
 * fan-out still under way stops.
 */
export const TRIGGER_CANCEL_V1 = 'trigger.cancel.v1' as const;

/** Request data of {@link TRIGGER_CANCEL_V1}. */
export const triggerCancelRequestSchema = z.object({ ...workerRpcScope, transactionId: transactionIdSchema });
export type TriggerCancelRequest = z.infer<typeof triggerCancelRequestSchema>;

/** Response data of {@link TRIGGER_CANCEL_V1}. */
export const triggerCancelResponseSchema = z.object({
  /** True when anything was canceled (a job, or a fan-out still running). */
  canceled: z.boolean(),
  canceledJobs: z.number().int().min(0),
});
export type TriggerCancelResponse = z.infer<typeof triggerCancelResponseSchema>;

/** {@link TRIGGER_CANCEL_V1} as a method contract. */
export const TRIGGER_CANCEL_RPC = {
  [TRIGGER_CANCEL_V1]: { request: triggerCancelRequestSchema, response: triggerCancelResponseSchema },
} as const satisfies Record<string, RpcMethodContract>;
