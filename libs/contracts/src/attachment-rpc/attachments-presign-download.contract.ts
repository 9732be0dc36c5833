import { z } from 'zod';

import { attachmentRefSchema } from '../common/attachment.schema';
import { isoDateTimeSchema } from '../common/primitives.schema';
import { attachmentIdSchema, attachmentSha256Schema } from './attachment-rpc';

/**
 * RPC method: a presigned GET URL for an uploaded attachment of the envelope's environment, so a
 * runner fetches the bytes straight from object storage.
 */
export const ATTACHMENTS_PRESIGN_DOWNLOAD_V1 = 'attachments.presign-download.v1' as const;

/** Request data of {@link ATTACHMENTS_PRESIGN_DOWNLOAD_V1}. */
export const attachmentsPresignDownloadRequestSchema = z.object({ id: attachmentIdSchema });
export type AttachmentsPresignDownloadRequest = z.infer<typeof attachmentsPresignDownloadRequestSchema>;

/** Response data of {@link ATTACHMENTS_PRESIGN_DOWNLOAD_V1}. */
export const attachmentsPresignDownloadResponseSchema = z.object({
  id: attachmentIdSchema,
  name: attachmentRefSchema.shape.name,
  mime: attachmentRefSchema.shape.mime,
  size: attachmentRefSchema.shape.size,
  sha256: attachmentSha256Schema.nullable(),
  /** Presigned GET URL (answers with the attachment's content type and file name). */
  url: z.string().url(),
  urlExpiresAt: isoDateTimeSchema,
});
export type AttachmentsPresignDownloadResponse = z.infer<typeof attachmentsPresignDownloadResponseSchema>;
