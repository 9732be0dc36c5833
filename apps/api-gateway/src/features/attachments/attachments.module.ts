import { Global, Module } from '@nestjs/common';

import { AttachmentServiceClient } from '../../adapters/attachment-service/attachment-service.client';
import { AttachmentUploader } from './attachment.uploader';

/**
 * Attachment upload for triggers (`AttachmentUploader`). Global, so the events use cases can
 * inject the uploader without their module importing this one.
 */
@Global()
@Module({
  providers: [AttachmentServiceClient, AttachmentUploader],
  exports: [AttachmentUploader],
})
export class AttachmentsModule {}
