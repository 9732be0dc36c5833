import { TemplateRenderer, TemplateRenderError } from '@herald/templating';
import { Controller, Get, Param, Query, Req, UseGuards } from '@nestjs/common';

import { isUuid } from '../../adapters/trigger-worker-rpc/query-params';
import { TriggerWorkerClient } from '../../adapters/trigger-worker-rpc/trigger-worker.client';
import { GatewayException } from '../../core/errors/gateway.exception';
import { GatewayErrorCode } from '../../core/errors/gateway-error-code';
import { OpenApi } from '../../core/openapi/openapi.decorator';
import { ApiKeyGuard, AuthenticatedRequest } from '../../pipeline/authentication/api-key.guard';
import { ZodValidationPipe } from '../../pipeline/validation/zod-validation.pipe';
import { renderStepContent } from '../workflows';
import {
  SentContentEnvelope,
  sentContentEnvelopeSchema,
  throughputEnvelopeSchema,
  ThroughputQuery,
  throughputQuerySchema,
} from './notification-insights.schema';

/**
 * Herald's own activity routes for the console: the throughput series, and a delivered step's
 * content re-rendered on demand (no copy of sent content is stored).
 */
@OpenApi({ tag: 'Notifications' })
@Controller('v1/notifications')
@UseGuards(ApiKeyGuard)
export class NotificationInsightsController {
  private readonly renderer = new TemplateRenderer();

  constructor(private readonly worker: TriggerWorkerClient) {}

  @Get('throughput')
  @OpenApi({ response: throughputEnvelopeSchema })
  async throughput(
    @Req() request: AuthenticatedRequest,
    @Query(new ZodValidationPipe(throughputQuerySchema)) query: ThroughputQuery,
  ) {
    return { data: await this.worker.call(request.environment.environmentId, 'insights.throughput.v1', query) };
  }

  @Get(':notificationId/jobs/:jobId/content')
  @OpenApi({ response: sentContentEnvelopeSchema })
  async sentContent(
    @Req() request: AuthenticatedRequest,
    @Param('notificationId') notificationId: string,
    @Param('jobId') jobId: string,
  ): Promise<SentContentEnvelope> {
    if (!isUuid(notificationId) || !isUuid(jobId))
      throw new GatewayException(
        GatewayErrorCode.NotificationNotFound,
        `Notification ${notificationId} has no channel step job ${jobId}`,
      );
    const input = await this.worker.call(request.environment.environmentId, 'notifications.job-content-input.v1', {
      notificationId,
      jobId,
    });
    const base = {
      notificationId: input.notificationId,
      jobId: input.jobId,
      channel: input.channel,
      status: input.status,
      step: { stepId: input.step.stepId, name: input.step.name },
      workflow: { identifier: input.workflow.identifier, version: input.workflow.version },
      subscriberFound: input.subscriber !== null,
    };
    try {
      const content = await renderStepContent(this.renderer, input.channel, input.step.controlValues, {
        payload: input.payload,
        subscriber: input.subscriber,
        actor: input.actor ?? undefined,
        tenant: input.tenant ?? undefined,
        digest: input.digest ?? undefined,
        workflow: input.workflow,
      });
      return { data: { ...base, content, error: null } };
    } catch (error) {
      if (!(error instanceof TemplateRenderError)) throw error;
      const failure = { code: error.code, message: error.message, control: `controlValues.${error.path}` };
      return { data: { ...base, content: null, error: failure } };
    }
  }
}
