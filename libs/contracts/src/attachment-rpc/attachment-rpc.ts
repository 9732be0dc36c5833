import { z } from 'zod';

/**
 * attachment-service serves its methods on the RPC queue `<prefix>attachment-service.rpc`. Every
 * request is scoped to the envelope's `environmentId`: an attachment of another environment is
 * never found, whatever id is asked for.
 */
export const ATTACHMENT_RPC_SERVICE = 'attachment-service' as const;

/** The life of an attachment: presigned → uploaded → its trigger queued → swept. */
export const ATTACHMENT_STATES = ['pending', 'stored', 'queued', 'deleted'] as const;
/** One of `ATTACHMENT_STATES`. */
export type AttachmentState = (typeof ATTACHMENT_STATES)[number];

/** Error codes attachment-service answers with (thrown and received as `RpcError.code`). */
export const ATTACHMENT_RPC_ERRORS = {
  /** No such attachment in the caller's environment. */
  notFound: 'attachment_not_found',
  /** The object is missing in storage or its size differs from the one announced. */
  notUploaded: 'attachment_not_uploaded',
  /** The attachment was swept (its trigger was never queued in time, or its grace is over). */
  expired: 'attachment_expired',
} as const;

/** A lower-case hex SHA-256 digest. */
export const attachmentSha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'must be a lower-case hex SHA-256 digest');

/** An attachment id (attachment-service issues UUIDs). */
export const attachmentIdSchema = z.string().uuid('must be a UUID');
