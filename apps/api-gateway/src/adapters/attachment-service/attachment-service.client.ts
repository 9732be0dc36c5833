import { Inject, Injectable, Optional } from '@nestjs/common';
import {
  ATTACHMENT_RPC_SERVICE,
  ATTACHMENTS_CONFIRM_V1,
  ATTACHMENTS_CREATE_UPLOADS_V1,
  AttachmentsConfirmRequest,
  AttachmentsConfirmResponse,
  attachmentsConfirmResponseSchema,
  AttachmentsCreateUploadsRequest,
  AttachmentsCreateUploadsResponse,
  attachmentsCreateUploadsResponseSchema,
  createEnvelope,
} from '@herald/contracts';
import { BrokerUnavailableError, DataSchema, RpcClient } from '@herald/messaging';
import { GATEWAY_CONFIG, GatewayConfig } from '../../core/config/gateway.config';

/**
 * attachment-service's RPC methods as the gateway calls them, each bounded by
 * `ATTACHMENT_RPC_TIMEOUT_MS` and with its reply validated. Rejects with the messaging errors
 * (`RpcTimeoutError`, `UnroutableMessageError` when no attachment-service ever ran on this
 * broker prefix, `BrokerUnavailableError`, `RpcRemoteError` with the service's code).
 */
@Injectable()
export class AttachmentServiceClient {
  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    // Optional so the gateway still boots (answering 503) in a process where messaging is not wired.
    @Optional() private readonly rpc?: RpcClient,
  ) {}

  createUploads(environmentId: string, request: AttachmentsCreateUploadsRequest): Promise<AttachmentsCreateUploadsResponse> {
    return this.call(environmentId, ATTACHMENTS_CREATE_UPLOADS_V1, request, attachmentsCreateUploadsResponseSchema);
  }

  confirm(environmentId: string, request: AttachmentsConfirmRequest): Promise<AttachmentsConfirmResponse> {
    return this.call(environmentId, ATTACHMENTS_CONFIRM_V1, request, attachmentsConfirmResponseSchema);
  }

  private async call<R>(environmentId: string, method: string, data: unknown, responseSchema: DataSchema<R>): Promise<R> {
    if (!this.rpc) throw new BrokerUnavailableError('no broker connection is configured');
    return this.rpc.call<R>(ATTACHMENT_RPC_SERVICE, createEnvelope(method, environmentId, data), {
      timeoutMs: this.config.ATTACHMENT_RPC_TIMEOUT_MS,
      responseSchema,
    });
  }
}
