import { z } from 'zod';

import { deliveryChannelSchema } from './channel.schema';
import { CONTRACT_LIMITS } from './limits';
import { idSchema, nameSchema } from './primitives.schema';
import { safeIdentifier } from './safe-identifier';

/**
 * An uploaded attachment. The bytes are in object storage (fetched through attachment-service by
 * `id`), never on the broker.
 */
export const attachmentRefSchema = z.object({
  /** attachment-service's id of the stored object. */
  id: idSchema,
  /** File name shown to the recipient: no controls or bidi overrides (`invoice\u202Efdp.exe`). */
  name: safeIdentifier(nameSchema),
  mime: z
    .string()
    .max(255)
    .regex(/^[\w.+-]+\/[\w.+-]+$/, 'must be a MIME type like "application/pdf"'),
  /** Decoded size in bytes. */
  size: z.number().int('must be an integer').min(0).max(CONTRACT_LIMITS.maxAttachmentBytes),
  /** Channels the attachment is meant for; absent means every channel that can carry files. */
  channels: z.array(deliveryChannelSchema).optional(),
});
export type AttachmentRef = z.infer<typeof attachmentRefSchema>;

/** The attachments of one trigger, bounded in count and in total decoded bytes. */
export const attachmentRefsSchema = z
  .array(attachmentRefSchema)
  .max(CONTRACT_LIMITS.maxAttachments, `must list at most ${CONTRACT_LIMITS.maxAttachments} attachments`)
  .refine((refs) => refs.reduce((sum, ref) => sum + ref.size, 0) <= CONTRACT_LIMITS.maxAttachmentBytes, {
    message: `attachments must total at most ${CONTRACT_LIMITS.maxAttachmentBytes} bytes`,
  });
