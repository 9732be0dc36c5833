import type { AttachmentRef } from '@herald/contracts';
import { Inject, Injectable, Logger } from '@nestjs/common';

import { AttachmentServiceClient } from '../../adapters/attachment-service/attachment-service.client';
import { putToPresignedUrl } from '../../adapters/attachment-service/presigned-put';
import { GATEWAY_CONFIG, GatewayConfig } from '../../core/config/gateway.config';
import { GatewayException } from '../../core/errors/gateway.exception';
import { GatewayErrorCode } from '../../core/errors/gateway-error-code';
import type { InlineAttachment } from './inline-attachments';

/** Which trigger the attachments belong to. */
export interface AttachmentUploadScope {
  environmentId: string;
  transactionId: string;
}

/** Uploads to object storage running at once for one trigger. */
const PARALLEL_UPLOADS = 4;

/**
 * Puts a trigger's attachments into object storage and hands back the references the queued
 * event carries. attachment-service presigns, the gateway PUTs the bytes straight to S3 (they
 * never cross the broker), then attachment-service checks the objects. Anything failing on the
 * way is a 503 and the trigger must not be queued; what was uploaded stays `pending` and is swept.
 */
@Injectable()
export class AttachmentUploader {
  private readonly logger = new Logger(AttachmentUploader.name);

  constructor(
    private readonly attachmentService: AttachmentServiceClient,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  /** Uploads `attachments` (from `readInlineAttachments`) and returns their references, in order. */
  async upload(scope: AttachmentUploadScope, attachments: readonly InlineAttachment[]): Promise<AttachmentRef[]> {
    if (attachments.length === 0) return [];
    const files = attachments.map(({ name, mime, bytes, sha256 }) => ({ name, mime, size: bytes.length, sha256 }));
    const request = { transactionId: scope.transactionId, files };
    const { uploads } = await this.attachmentService.createUploads(scope.environmentId, request);
    if (uploads.length !== attachments.length)
      throw unavailable(`attachment-service answered ${uploads.length} upload URLs for ${attachments.length} files`);

    await forEachLimited(uploads.length, PARALLEL_UPLOADS, async (index) => {
      try {
        await putToPresignedUrl(
          uploads[index].url,
          attachments[index].bytes,
          attachments[index].mime,
          this.config.ATTACHMENT_UPLOAD_TIMEOUT_MS,
        );
      } catch (error) {
        this.logger.warn(`attachment upload failed: ${error instanceof Error ? error.message : String(error)}`);
        throw unavailable('object storage did not accept an attachment');
      }
    });

    const ids = uploads.map((upload) => upload.id);
    await this.attachmentService.confirm(scope.environmentId, { stage: 'uploaded', ids });
    return attachments.map((attachment, index) => ({
      id: ids[index],
      name: attachment.name,
      mime: attachment.mime,
      size: attachment.bytes.length,
      ...(attachment.channels ? { channels: attachment.channels } : {}),
    }));
  }

  /**
   * Tells attachment-service the trigger was queued, so its attachments are kept for the
   * transaction grace. Best effort, never throws: the trigger is already acknowledged, and an
   * attachment never confirmed is swept after the upload grace.
   */
  async confirmQueued(scope: AttachmentUploadScope, refs: readonly AttachmentRef[]): Promise<void> {
    if (refs.length === 0) return;
    try {
      await this.attachmentService.confirm(scope.environmentId, { stage: 'queued', ids: refs.map((ref) => ref.id) });
    } catch (error) {
      this.logger.warn(
        `could not confirm ${refs.length} attachment(s) of transaction ${scope.transactionId} as queued: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}

function unavailable(reason: string): GatewayException {
  return new GatewayException(
    GatewayErrorCode.BrokerUnavailable,
    `The trigger was not queued: ${reason}. Retry later`,
    {
      headers: { 'Retry-After': '1' },
    },
  );
}

/** Runs `work(0..count-1)` with at most `limit` at a time; rejects with the first failure. */
async function forEachLimited(count: number, limit: number, work: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) await work(next++);
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
}
