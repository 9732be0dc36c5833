import type { z } from 'zod';

import { AUDIENCE_RPC } from './audience-rpc.contract';
import { INSIGHTS_RPC } from './insights-rpc.contract';
import { MESSAGES_RPC } from './messages-rpc.contract';
import { NOTIFICATIONS_RPC } from './notifications-rpc.contract';
import { SUBSCRIBERS_RPC } from './subscribers-rpc.contract';
import { TOPICS_RPC } from './topics-rpc.contract';
import { TRIGGER_CANCEL_RPC } from './trigger-cancel.contract';

/** Every method trigger-worker serves, by name (= the request envelope's `type`). */
export const TRIGGER_WORKER_RPC = {
  ...TRIGGER_CANCEL_RPC,
  ...SUBSCRIBERS_RPC,
  ...TOPICS_RPC,
  ...NOTIFICATIONS_RPC,
  ...MESSAGES_RPC,
  ...AUDIENCE_RPC,
  ...INSIGHTS_RPC,
} as const;

/** A method name of {@link TRIGGER_WORKER_RPC}. */
export type TriggerWorkerRpcMethod = keyof typeof TRIGGER_WORKER_RPC;
/** What a caller sends as a method's request data (defaults not yet applied). */
export type TriggerWorkerRpcInput<M extends TriggerWorkerRpcMethod> = z.input<
  (typeof TRIGGER_WORKER_RPC)[M]['request']
>;
/** A method's request data as the worker's handler receives it (validated, defaults applied). */
export type TriggerWorkerRpcRequest<M extends TriggerWorkerRpcMethod> = z.output<
  (typeof TRIGGER_WORKER_RPC)[M]['request']
>;
/** A method's reply data. */
export type TriggerWorkerRpcResponse<M extends TriggerWorkerRpcMethod> = z.output<
  (typeof TRIGGER_WORKER_RPC)[M]['response']
>;
