import { CONTRACT_LIMITS } from '@herald/contracts';
import { Controller, Delete, Param, Req, UseGuards } from '@nestjs/common';

import { TriggerWorkerClient } from '../../adapters/trigger-worker-rpc/trigger-worker.client';
import { GatewayException } from '../../core/errors/gateway.exception';
import { OpenApi } from '../../core/openapi/openapi.decorator';
import { z } from '../../core/openapi/openapi-zod';
import { ApiKeyGuard, AuthenticatedRequest } from '../../pipeline/authentication/api-key.guard';

/**
 * `DELETE /v1/events/trigger/:transactionId` (Novu's cancel): trigger-worker cancels the
 * transaction's PENDING, DELAYED and MERGED jobs. `{data: true}` when anything was canceled,
 * `{data: false}` when nothing was left to cancel (or the transaction is unknown).
 */
/** `{ data: true }` when anything was canceled. */
const cancelResponseSchema = z.object({
  data: z.boolean().openapi({ description: 'Whether any pending, delayed or merged job was canceled' }),
});

@OpenApi({ tag: 'Events' })
@Controller('v1/events/trigger')
@UseGuards(ApiKeyGuard)
export class CancelTriggerController {
  constructor(private readonly worker: TriggerWorkerClient) {}

  @Delete(':transactionId')
  @OpenApi({ summary: 'Cancel triggered event', response: cancelResponseSchema })
  async cancel(
    @Req() request: AuthenticatedRequest,
    @Param('transactionId') transactionId: string,
  ): Promise<z.infer<typeof cancelResponseSchema>> {
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
