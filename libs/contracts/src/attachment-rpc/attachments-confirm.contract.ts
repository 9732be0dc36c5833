import { z } from 'zod';

import { CONTRACT_LIMITS } from '../common/limits';
import { isoDateTimeSchema } from '../common/primitives.schema';
import { attachmentIdSchema } from './attachment-rpc';

/**
 * RPC method: move attachments forward. `uploaded` checks each object exists with the announced
 * size and marks it `stored`; `queued` (sent once the trigger was acknowledged) marks it `queued`
 * and keeps it for the transaction grace period. All or nothing; repeating a call is harmless.
 */
export const ATTACHMENTS_CONFIRM_V1 = 'attachments.confirm.v1' as const;

/** What the caller confirms. */
export const ATTACHMENTS_CONFIRM_STAGES = ['uploaded', 'queued'] as const;
/** One of `ATTACHMENTS_CONFIRM_STAGES`. */
export type AttachmentsConfirmStage = (typeof ATTACHMENTS_CONFIRM_STAGES)[number];

/** Request data of {@link ATTACHMENTS_CONFIRM_V1}. */
export const attachmentsConfirmRequestSchema = z.object({
  stage: z.enum(ATTACHMENTS_CONFIRM_STAGES),
  ids: z
    .array(attachmentIdSchema)
    .min(1, 'must list at least one id')
    .max(CONTRACT_LIMITS.maxAttachments, `must list at most ${CONTRACT_LIMITS.maxAttachments} ids`),
});
export type AttachmentsConfirmRequest = z.infer<typeof attachmentsConfirmRequestSchema>;

/** Response data of {@link ATTACHMENTS_CONFIRM_V1}: each attachment's state after the call. */
export const attachmentsConfirmResponseSchema = z.object({
  attachments: z.array(
    z.object({
      id: attachmentIdSchema,
      state: z.enum(['stored', 'queued']),
      /** When the sweeper may delete it. */
      expiresAt: isoDateTimeSchema,
    }),
  ),
});
export type AttachmentsConfirmResponse = z.infer<typeof attachmentsConfirmResponseSchema>;
