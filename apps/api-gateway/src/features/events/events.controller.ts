import { Body, Controller, HttpCode, Post, Req, UseGuards } from '@nestjs/common';

import { OpenApi } from '../../core/openapi/openapi.decorator';
import type { AdmittedRequest } from '../../pipeline/admission/admission.gate';
import { RateLimit } from '../../pipeline/admission/rate-limit/rate-limit.decorator';
import { ApiKeyGuard, AuthenticatedRequest } from '../../pipeline/authentication/api-key.guard';
import { ZodValidationPipe } from '../../pipeline/validation/zod-validation.pipe';
import { isCertainlyValidTrigger } from './trigger-request.fast-path';
import {
  BulkTriggerEvent,
  bulkTriggerEventSchema,
  isCertainlyValidBulk,
  MAX_BULK_EVENTS,
  triggerDocumentModels,
  TriggerEventRequest,
  triggerEventRequestSchema,
  TriggerEventToAllRequest,
  triggerEventToAllRequestSchema,
} from './trigger-request.schema';
import {
  bulkTriggerEventResponseEnvelopeSchema,
  TriggerEventResponse,
  triggerEventResponseEnvelopeSchema,
} from './trigger-response.schema';
import { ProcessTriggerUsecase } from './usecases/process-trigger.usecase';
import { TriggerBulkUsecase } from './usecases/trigger-bulk.usecase';

/**
 * Novu's trigger routes. Thin: auth, rate limit (charged by audience, decision 0033) and
 * idempotency run before them; the use cases
 * decide. `DELETE /v1/events/trigger/:transactionId` waits for trigger-worker's cancel RPC.
 */
@OpenApi({
  tag: 'Events',
  headers: [{ name: 'idempotency-key', description: 'Makes a retried POST safe: duplicates get the first response' }],
  errorResponses: true,
  models: triggerDocumentModels,
})
@Controller('v1/events')
@UseGuards(ApiKeyGuard)
export class EventsController {
  constructor(
    private readonly processTrigger: ProcessTriggerUsecase,
    private readonly triggerBulk: TriggerBulkUsecase,
  ) {}

  @Post('trigger')
  @HttpCode(201)
  @RateLimit('trigger', 'recipients')
  @OpenApi({
    summary: 'Trigger event',
    description: 'Answers 201 only once the broker confirmed the trigger.',
    response: triggerEventResponseEnvelopeSchema,
  })
  async trigger(
    @Req() request: AuthenticatedRequest,
    @Body(new ZodValidationPipe(triggerEventRequestSchema, { object: 'body', fastPath: isCertainlyValidTrigger }))
    body: TriggerEventRequest,
  ): Promise<{ data: TriggerEventResponse }> {
    const data = await this.processTrigger.execute({
      environment: request.environment,
      kind: 'trigger',
      ...body,
      idempotencyKey: keyOf(request),
    });
    return { data };
  }

  @Post('trigger/bulk')
  @HttpCode(201)
  @RateLimit('trigger', 'bulk')
  @OpenApi({
    operationId: 'EventsController_triggerBulk',
    summary: 'Bulk trigger event',
    description: `1 to ${MAX_BULK_EVENTS} events, one result each.`,
    response: bulkTriggerEventResponseEnvelopeSchema,
  })
  async bulk(
    @Req() request: AuthenticatedRequest,
    @Body(new ZodValidationPipe(bulkTriggerEventSchema, { object: 'body', fastPath: isCertainlyValidBulk }))
    body: BulkTriggerEvent,
  ): Promise<{ data: TriggerEventResponse[] }> {
    return { data: await this.triggerBulk.execute(request.environment, body.events, keyOf(request)) };
  }

  @Post('trigger/broadcast')
  @HttpCode(201)
  @RateLimit('trigger', 'broadcast')
  @OpenApi({
    operationId: 'EventsController_broadcastEventToAll',
    summary: 'Broadcast event to all',
    description: 'Every subscriber of the environment; the fan-out happens in the worker.',
    response: triggerEventResponseEnvelopeSchema,
  })
  async broadcast(
    @Req() request: AuthenticatedRequest,
    @Body(new ZodValidationPipe(triggerEventToAllRequestSchema, { object: 'body' })) body: TriggerEventToAllRequest,
  ): Promise<{ data: TriggerEventResponse }> {
    const data = await this.processTrigger.execute({
      environment: request.environment,
      kind: 'broadcast',
      ...body,
      idempotencyKey: keyOf(request),
    });
    return { data };
  }
}

/** The key feeds the derived transactionId only while idempotency is on for the request (the admission gate decides). */
function keyOf(request: AuthenticatedRequest & AdmittedRequest): string | undefined {
  return request.idempotencyKey;
}
