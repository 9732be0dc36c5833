import {
  ATTACHMENT_RPC_ERRORS,
  AttachmentsPresignDownloadRequest,
  AttachmentsPresignDownloadResponse,
  RpcError,
} from '@herald/contracts';
import { Inject, Injectable } from '@nestjs/common';

import { RetentionPolicy } from '../../attachments/attachment-lifecycle';
import { attachmentContentDisposition } from '../../attachments/object-key';
import { RETENTION_POLICY } from '../../attachments/retention-policy.provider';
import { AttachmentRepository } from '../../persistence/attachment.repository';
import { AttachmentObjectStore } from '../../storage/attachment-object.store';

/** A presigned GET for an uploaded attachment of the caller's environment (runners fetch the bytes with it). */
@Injectable()
export class PresignDownloadUsecase {
  constructor(
    private readonly attachments: AttachmentRepository,
    private readonly objects: AttachmentObjectStore,
    @Inject(RETENTION_POLICY) private readonly policy: RetentionPolicy,
  ) {}

  async execute(
    environmentId: string,
    request: AttachmentsPresignDownloadRequest,
  ): Promise<AttachmentsPresignDownloadResponse> {
    const attachment = await this.attachments.findDownloadable(environmentId, request.id);
    // Another environment's attachment is "not found" too: existence is not leaked across environments.
    if (!attachment)
      throw new RpcError(ATTACHMENT_RPC_ERRORS.notFound, `no uploaded attachment ${request.id} in this environment`);
    const expirySeconds = Math.floor(this.policy.presignExpiryMs / 1000);
    const url = await this.objects.presignGet(attachment.objectKey, expirySeconds, {
      contentType: attachment.mime,
      contentDisposition: attachmentContentDisposition(attachment.name),
    });
    return {
      id: attachment.id,
      name: attachment.name,
      mime: attachment.mime,
      size: attachment.size,
      sha256: attachment.sha256,
      url,
      urlExpiresAt: new Date(Date.now() + expirySeconds * 1000).toISOString(),
    };
  }
}
