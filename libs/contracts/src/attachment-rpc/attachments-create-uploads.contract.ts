import { z } from 'zod';

import { attachmentRefSchema } from '../common/attachment.schema';
import { CONTRACT_LIMITS } from '../common/limits';
import { isoDateTimeSchema, nameSchema, transactionIdSchema } from '../common/primitives.schema';
import { attachmentIdSchema, attachmentSha256Schema } from './attachment-rpc';

/**
 * RPC method: reserve storage for the attachments of one trigger. attachment-service records each
 * as `pending` (swept unless its trigger is queued in time) and answers presigned PUT URLs, so the
 * caller sends the bytes straight to object storage, never over the broker.
 */
export const ATTACHMENTS_CREATE_UPLOADS_V1 = 'attachments.create-uploads.v1' as const;

/** One file to upload, described by the caller after decoding it. */
export const attachmentsCreateUploadsFileSchema = z.object({
  name: nameSchema,
  mime: attachmentRefSchema.shape.mime,
  /** Decoded size in bytes; confirming checks that the stored object has exactly this size. */
  size: attachmentRefSchema.shape.size,
  sha256: attachmentSha256Schema,
});
export type AttachmentsCreateUploadsFile = z.infer<typeof attachmentsCreateUploadsFileSchema>;

/** Request data of {@link ATTACHMENTS_CREATE_UPLOADS_V1}. */
export const attachmentsCreateUploadsRequestSchema = z.object({
  /** The trigger's transactionId, kept with the metadata to trace an object back to its trigger. */
  transactionId: transactionIdSchema,
  files: z
    .array(attachmentsCreateUploadsFileSchema)
    .min(1, 'must list at least one file')
    .max(CONTRACT_LIMITS.maxAttachments, `must list at most ${CONTRACT_LIMITS.maxAttachments} files`)
    .refine((files) => files.reduce((sum, file) => sum + file.size, 0) <= CONTRACT_LIMITS.maxAttachmentBytes, {
      message: `files must total at most ${CONTRACT_LIMITS.maxAttachmentBytes} bytes`,
    }),
});
export type AttachmentsCreateUploadsRequest = z.infer<typeof attachmentsCreateUploadsRequestSchema>;

/** Where to PUT one file; `uploads[i]` answers `files[i]`. */
export const attachmentsUploadTargetSchema = z.object({
  id: attachmentIdSchema,
  /** `<environmentId>/<yyyy>/<mm>/<dd>/<id>` in the attachments bucket. */
  objectKey: z.string().min(1),
  /** Presigned PUT URL; send the raw bytes as the body. */
  url: z.string().url(),
  /** The URL stops working at this time. */
  urlExpiresAt: isoDateTimeSchema,
});
export type AttachmentsUploadTarget = z.infer<typeof attachmentsUploadTargetSchema>;

/** Response data of {@link ATTACHMENTS_CREATE_UPLOADS_V1}. */
export const attachmentsCreateUploadsResponseSchema = z.object({ uploads: z.array(attachmentsUploadTargetSchema) });
export type AttachmentsCreateUploadsResponse = z.infer<typeof attachmentsCreateUploadsResponseSchema>;
