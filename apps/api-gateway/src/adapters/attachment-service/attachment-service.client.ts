import {
  ATTACHMENTS_CONFIRM_V1,
  ATTACHMENTS_CREATE_UPLOADS_V1,
  AttachmentsConfirmRequest,
  AttachmentsConfirmResponse,
  AttachmentsCreateUploadsRequest,
  AttachmentsCreateUploadsResponse,
  type RpcMethod,
  type RpcRequestInput,
  type RpcResponse,
} from '@herald/contracts';
import { RpcClient } from '@herald/messaging';
import { Inject, Injectable, Optional } from '@nestjs/common';

import { GATEWAY_CONFIG, GatewayConfig } from '../../core/config/gateway.config';
import { ATTACHMENT_HTTP_ERRORS } from '../rpc/rpc-http-errors';
import { ServiceRpcClient } from '../rpc/service-rpc.client';

/**
 * attachment-service's RPC methods as the gateway calls them during a trigger, each bounded by
 * `ATTACHMENT_RPC_TIMEOUT_MS` and with its reply validated. Every failure rejects with the 503 of
 * `ATTACHMENT_HTTP_ERRORS` (the trigger is not queued).
 */
@Injectable()
export class AttachmentServiceClient {
  private readonly attachments: ServiceRpcClient;

  constructor(
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
    // Optional so the gateway still boots (answering 503) in a process where messaging is not wired.
    @Optional() rpc?: RpcClient,
  ) {
    this.attachments = new ServiceRpcClient(rpc, ATTACHMENT_HTTP_ERRORS, config.ATTACHMENT_RPC_TIMEOUT_MS);
  }

  createUploads(
    environmentId: string,
    request: AttachmentsCreateUploadsRequest,
  ): Promise<AttachmentsCreateUploadsResponse> {
    return this.call(environmentId, ATTACHMENTS_CREATE_UPLOADS_V1, request);
  }

  confirm(environmentId: string, request: AttachmentsConfirmRequest): Promise<AttachmentsConfirmResponse> {
    return this.call(environmentId, ATTACHMENTS_CONFIRM_V1, request);
  }

  private call<M extends RpcMethod>(
    environmentId: string,
    method: M,
    data: RpcRequestInput<M>,
  ): Promise<RpcResponse<M>> {
    return this.attachments.invoke(method, environmentId, data);
  }
}
