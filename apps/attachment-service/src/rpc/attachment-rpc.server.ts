import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import {
  ATTACHMENT_RPC_SERVICE,
  ATTACHMENTS_CONFIRM_V1,
  ATTACHMENTS_CREATE_UPLOADS_V1,
  ATTACHMENTS_PRESIGN_DOWNLOAD_V1,
  type AttachmentsConfirmRequest,
  type AttachmentsCreateUploadsRequest,
  type AttachmentsPresignDownloadRequest,
  type Envelope,
} from '@herald/contracts';
import { Messaging, RpcServer } from '@herald/messaging';
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
    this.server ??= this.messaging
      .rpcServer({ service: ATTACHMENT_RPC_SERVICE })
      .handleContract(ATTACHMENTS_CREATE_UPLOADS_V1, (request: Envelope<AttachmentsCreateUploadsRequest>) => this.createUploads.execute(request.environmentId, request.data))
      .handleContract(ATTACHMENTS_CONFIRM_V1, (request: Envelope<AttachmentsConfirmRequest>) => this.confirm.execute(request.environmentId, request.data))
      .handleContract(ATTACHMENTS_PRESIGN_DOWNLOAD_V1, (request: Envelope<AttachmentsPresignDownloadRequest>) => this.presignDownload.execute(request.environmentId, request.data))
      .start();
  }
}
