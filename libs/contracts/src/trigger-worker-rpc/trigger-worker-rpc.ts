import { z } from 'zod';

import { idSchema } from '../common/primitives.schema';

/**
 * trigger-worker serves its methods on the RPC queue `<prefix>trigger-worker.rpc`. Every request
 * names its environment twice, in the envelope and as `data.environmentId`; every RPC server refuses a
 * request where they differ, and never reads or writes another environment's rows.
 */
export const TRIGGER_WORKER_RPC_SERVICE = 'trigger-worker' as const;

/** Error codes the worker answers with (thrown and received as `RpcError.code`). */
export const TRIGGER_WORKER_RPC_ERRORS = {
  subscriberNotFound: 'subscriber_not_found',
  subscriberExists: 'subscriber_exists',
  topicNotFound: 'topic_not_found',
  notificationNotFound: 'notification_not_found',
  messageNotFound: 'message_not_found',
  /** The request passed the envelope schema but makes no sense (environment mismatch). */
  invalidRequest: 'invalid_request',
} as const;
/** One of `TRIGGER_WORKER_RPC_ERRORS`. */
export type TriggerWorkerRpcErrorCode = (typeof TRIGGER_WORKER_RPC_ERRORS)[keyof typeof TRIGGER_WORKER_RPC_ERRORS];

/** One RPC method: the schema of its request data and of its reply data. */
export interface RpcMethodContract<Req extends z.ZodTypeAny = z.ZodTypeAny, Res extends z.ZodTypeAny = z.ZodTypeAny> {
  request: Req;
  response: Res;
}

/** The request scope every worker method starts with. */
export const workerRpcScope = { environmentId: idSchema };

/**
 * A keyset-paginated page (Novu's v2 list shape): opaque `next`/`previous` cursors, and the
 * number of matches counted up to `WORKER_LIST_COUNT_CAP` (`totalCountCapped` when there are more).
 */
export function workerCursorPageSchema<T extends z.ZodTypeAny>(item: T) {
  return z.object({
    data: z.array(item),
    next: z.string().nullable(),
    previous: z.string().nullable(),
    totalCount: z.number().int().min(0),
    totalCountCapped: z.boolean(),
  });
}

/** Where the worker stops counting a list's matches (a count is not worth a full scan). */
export const WORKER_LIST_COUNT_CAP = 50_000;

/** An offset-paginated page (Novu's v1 list shape, 0-based `page`). */
export function workerOffsetPageSchema<T extends z.ZodTypeAny>(item: T) {
  return z.object({
    data: z.array(item),
    page: z.number().int().min(0),
    pageSize: z.number().int().min(1),
    hasMore: z.boolean(),
  });
}
