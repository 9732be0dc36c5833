import { randomUUID } from 'node:crypto';

import type { AttachmentsCreateUploadsRequest, AttachmentsCreateUploadsResponse } from '@herald/contracts';
import { Inject, Injectable } from '@nestjs/common';

import { pendingExpiry, RetentionPolicy } from '../../attachments/attachment-lifecycle';
import { objectKeyFor } from '../../attachments/object-key';
import { RETENTION_POLICY } from '../../attachments/retention-policy.provider';
import { AttachmentRepository, NewAttachment } from '../../persistence/attachment.repository';
import { AttachmentObjectStore } from '../../storage/attachment-object.store';

/**
 * Records the files of one trigger as `pending` and answers a presigned PUT URL per file. The
 * rows are written before any URL leaves, so whatever gets uploaded is known to the sweeper.
 */
@Injectable()
export class CreateUploadsUsecase {
  constructor(
    private readonly attachments: AttachmentRepository,
    private readonly objects: AttachmentObjectStore,
    @Inject(RETENTION_POLICY) private readonly policy: RetentionPolicy,
  ) {}

  async execute(
    environmentId: string,
    request: AttachmentsCreateUploadsRequest,
  ): Promise<AttachmentsCreateUploadsResponse> {
    const now = new Date();
    const expiresAt = pendingExpiry(now, this.policy);
    const rows: NewAttachment[] = request.files.map((file) => {
      const id = randomUUID();
      return {
        id,
        environmentId,
        objectKey: objectKeyFor(environmentId, id, now),
        name: file.name,
        mime: file.mime,
        size: file.size,
        sha256: file.sha256,
        transactionId: request.transactionId,
        createdAt: now,
        expiresAt,
      };
    });
    await this.attachments.insertPending(rows);
    const expirySeconds = Math.floor(this.policy.presignExpiryMs / 1000);
    const urlExpiresAt = new Date(now.getTime() + expirySeconds * 1000).toISOString();
    const uploads = await Promise.all(
      rows.map(async (row) => ({
        id: row.id,
        objectKey: row.objectKey,
        url: await this.objects.presignPut(row.objectKey, expirySeconds),
        urlExpiresAt,
      })),
    );
    return { uploads };
  }
}
