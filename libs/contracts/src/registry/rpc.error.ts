/** Codes any RPC method may fail with, whatever its service (a method's own codes live with its contract). */
export const RPC_ERRORS = {
  /** The request breaks the method's request schema, or its data names another environment. */
  invalidRequest: 'invalid_request',
  /** The server does not serve the method (an older replica during a rollout, or a wrong queue). */
  unknownMethod: 'unknown_method',
  /** The handler failed with something that is not an `RpcError`. */
  internal: 'internal_error',
  /** The reply breaks the method's response schema (raised by the caller). */
  invalidReply: 'invalid_reply',
} as const;

/** Field path (within the request data) → what is wrong with it. */
export type RpcFieldErrors = Record<string, string[]>;

/** What an `RpcError` carries besides its code and message. */
export interface RpcErrorDetail {
  /** Per-field problems, for an `invalid_request`. */
  fieldErrors?: RpcFieldErrors;
  /** The method that failed; set by the calling side. */
  method?: string;
}

/**
 * The one RPC error form. A handler throws it to answer with a code (its own, like
 * `TRIGGER_WORKER_RPC_ERRORS`, or one of `RPC_ERRORS`); the RPC server sends code, message and field
 * errors back, and the caller's promise rejects with an `RpcError` carrying the same three (and the
 * method). Anything else a handler throws reaches the caller as `internal_error`.
 */
export class RpcError extends Error {
  /** Per-field problems, for an `invalid_request`. */
  readonly fieldErrors?: RpcFieldErrors;
  /** The method that failed, when the calling side raised it. */
  readonly method?: string;

  constructor(
    readonly code: string,
    message: string,
    detail: RpcErrorDetail = {},
  ) {
    super(message);
    this.name = 'RpcError';
    if (detail.fieldErrors) this.fieldErrors = detail.fieldErrors;
    if (detail.method) this.method = detail.method;
  }
}
