import { isTestableChannel } from '@herald/contracts';
import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, UseGuards } from '@nestjs/common';

import { IntegrationTestClient } from '../../adapters/runner-rpc/integration-test.client';
import { TriggerWorkerClient } from '../../adapters/trigger-worker-rpc/trigger-worker.client';
import { GatewayException } from '../../core/errors/gateway.exception';
import { GatewayErrorCode } from '../../core/errors/gateway-error-code';
import { OpenApi } from '../../core/openapi/openapi.decorator';
import { ApiKeyGuard, AuthenticatedRequest } from '../../pipeline/authentication/api-key.guard';
import { ZodValidationPipe } from '../../pipeline/validation/zod-validation.pipe';
import { IntegrationService } from './integration.service';
import {
  checkTestRecipient,
  deliveryStatsEnvelopeSchema,
  DeliveryStatsQuery,
  deliveryStatsQuerySchema,
  SendTestBody,
  sendTestBodySchema,
  sendTestEnvelopeSchema,
} from './integration-insights.schema';

/**
 * Herald's own integration routes for the console: a send test through one integration (its
 * channel's runner answers what the provider said), and each integration's recent outcomes.
 */
@OpenApi({ tag: 'Integrations' })
@Controller('v1/integrations')
@UseGuards(ApiKeyGuard)
export class IntegrationInsightsController {
  constructor(
    private readonly integrations: IntegrationService,
    private readonly runners: IntegrationTestClient,
    private readonly worker: TriggerWorkerClient,
  ) {}

  @Get('delivery-stats')
  @OpenApi({ response: deliveryStatsEnvelopeSchema })
  async deliveryStats(
    @Req() request: AuthenticatedRequest,
    @Query(new ZodValidationPipe(deliveryStatsQuerySchema)) query: DeliveryStatsQuery,
  ) {
    const stats = await this.worker.call(
      request.environment.environmentId,
      'insights.integration-deliveries.v1',
      query,
    );
    return {
      data: {
        from: stats.from,
        to: stats.to,
        integrations: stats.data.map((entry) => {
          const attempts = entry.delivered + entry.failed;
          return { ...entry, errorRate: attempts === 0 ? null : entry.failed / attempts };
        }),
      },
    };
  }

  @Post(':integrationId/test')
  @HttpCode(200)
  @OpenApi({ response: sendTestEnvelopeSchema })
  async sendTest(
    @Req() request: AuthenticatedRequest,
    @Param('integrationId') integrationId: string,
    @Body(new ZodValidationPipe(sendTestBodySchema, { redacted: ['to'] })) body: SendTestBody,
  ) {
    const { environmentId } = request.environment;
    const integration = await this.integrations.find(environmentId, integrationId);
    if (!integration)
      throw new GatewayException(GatewayErrorCode.IntegrationNotFound, `Integration not found: "${integrationId}"`);
    const { channel } = integration;
    if (!isTestableChannel(channel))
      throw GatewayException.invalidField('integrationId', [
        "is an in-app integration: it stores into Herald's own inbox, there is no provider to test",
      ]);
    if (!integration.active)
      throw GatewayException.invalidField('integrationId', [
        'is inactive: runners only deliver with active integrations; activate it, then test it',
      ]);
    checkTestRecipient(channel, body.to);
    const answer = await this.runners.send(channel, { environmentId, integrationId: integration.id, ...body });
    return { data: { ...answer, integrationId: integration.id, channel } };
  }
}
