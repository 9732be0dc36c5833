import {
  ATTACHMENT_RPC_SERVICE,
  ATTACHMENTS_CONFIRM_V1,
  ATTACHMENTS_CREATE_UPLOADS_V1,
  ATTACHMENTS_PRESIGN_DOWNLOAD_V1,
} from '@herald/contracts';
import { Messaging, RpcServer } from '@herald/messaging';
import { Injectable, OnApplicationBootstrap } from '@nestjs/common';

import { ConfirmAttachmentsUsecase } from '../usecases/confirm-attachments/confirm-attachments.usecase';
import { CreateUploadsUsecase } from '../usecases/create-uploads/create-uploads.usecase';
import { PresignDownloadUsecase } from '../usecases/presign-download/presign-download.usecase';

/**
 * Serves attachment-service's methods on `<prefix>attachment-service.rpc` (competing consumers
 * across replicas). Each request is scoped to its envelope's environment. Messaging stops the
 * server, answering requests in flight, on shutdown.
 */
@Injectable()
export class AttachmentRpcServer implements OnApplicationBootstrap {
  private server?: RpcServer;

  constructor(
    private readonly messaging: Messaging,
    private readonly createUploads: CreateUploadsUsecase,
    private readonly confirm: ConfirmAttachmentsUsecase,
    private readonly presignDownload: PresignDownloadUsecase,
  ) {}

  onApplicationBootstrap(): void {
    const { createUploads, confirm, presignDownload } = this;
    this.server ??= this.messaging
      .rpcServer({ service: ATTACHMENT_RPC_SERVICE })
      .serve(ATTACHMENTS_CREATE_UPLOADS_V1, (data, { environmentId }) => createUploads.execute(environmentId, data))
      .serve(ATTACHMENTS_CONFIRM_V1, (data, { environmentId }) => confirm.execute(environmentId, data))
      .serve(ATTACHMENTS_PRESIGN_DOWNLOAD_V1, (data, { environmentId }) => presignDownload.execute(environmentId, data))
      .start();
  }
}
