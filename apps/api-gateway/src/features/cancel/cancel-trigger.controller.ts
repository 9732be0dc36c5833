import { CONTRACT_LIMITS } from '@herald/contracts';
import { Controller, Delete, Param, Req, UseGuards } from '@nestjs/common';

import { TriggerWorkerClient } from '../../adapters/trigger-worker-rpc/trigger-worker.client';
import { GatewayException } from '../../core/errors/gateway.exception';
import { OpenApi } from '../../core/openapi/openapi.decorator';
import { ApiKeyGuard, AuthenticatedRequest } from '../../pipeline/authentication/api-key.guard';

/**
 * `DELETE /v1/events/trigger/:transactionId` (Novu's cancel): trigger-worker cancels the
 * transaction's PENDING, DELAYED and MERGED jobs. `{data: true}` when anything was canceled,
 * `{data: false}` when nothing was left to cancel (or the transaction is unknown).
 */
@OpenApi({ tag: 'Events' })
@Controller('v1/events/trigger')
@UseGuards(ApiKeyGuard)
export class CancelTriggerController {
  constructor(private readonly worker: TriggerWorkerClient) {}

  @Delete(':transactionId')
  async cancel(@Req() request: AuthenticatedRequest, @Param('transactionId') transactionId: string) {
    if (transactionId.length > CONTRACT_LIMITS.maxTransactionIdLength) {
      throw GatewayException.invalidField(
        'transactionId',
        [`must be at most ${CONTRACT_LIMITS.maxTransactionIdLength} characters`],
        transactionId,
      );
    }
    const result = await this.worker.call(request.environment.environmentId, 'trigger.cancel.v1', { transactionId });
    return { data: result.canceled };
  }
}
