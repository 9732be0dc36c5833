import { RPC_ERRORS, RpcError, type RpcFieldErrors } from '@herald/contracts';
import { z } from 'zod';

/** The body of every RPC reply: the handler's result, or an `RpcError`'s code, message and field errors. */
export type RpcReply =
  { ok: true; data: unknown } | { ok: false; error: { code: string; message: string; fieldErrors?: RpcFieldErrors } };

const rpcReplySchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), data: z.unknown() }),
  z.object({
    ok: z.literal(false),
    error: z.object({ code: z.string(), message: z.string(), fieldErrors: z.record(z.array(z.string())).optional() }),
  }),
]);

/** Direct reply-to pseudo queue: replies go straight to the caller's channel, no reply queue. */
export const DIRECT_REPLY_TO = 'amq.rabbitmq.reply-to';

/** Serialises a reply. */
export function encodeRpcReply(reply: RpcReply): Buffer {
  return Buffer.from(JSON.stringify(reply));
}

/** Parses a reply body, or explains why it is not one. */
export function decodeRpcReply(content: Buffer): RpcReply | { invalid: string } {
  try {
    const parsed = rpcReplySchema.safeParse(JSON.parse(content.toString('utf8')));
    return parsed.success
      ? (parsed.data as RpcReply)
      : { invalid: parsed.error.issues.map((issue) => issue.message).join('; ') };
  } catch {
    return { invalid: 'reply is not JSON' };
  }
}

/** The error reply for anything a handler throws: an `RpcError` as it is, anything else `internal_error`. */
export function errorReply(error: unknown): RpcReply {
  if (error instanceof RpcError) {
    const { code, message, fieldErrors } = error;
    return { ok: false, error: fieldErrors ? { code, message, fieldErrors } : { code, message } };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { ok: false, error: { code: RPC_ERRORS.internal, message } };
}
