import { Body, Controller, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiHeader, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { ApiKeyGuard, AuthenticatedRequest } from '../../pipeline/authentication/api-key.guard';
import type { AdmittedRequest } from '../../pipeline/admission/admission.gate';
import { ApiErrorResponses } from '../../core/openapi/error-response.dto';
import { API_KEY_SECURITY } from '../../core/openapi/openapi.setup';
import { RateLimit } from '../../pipeline/admission/rate-limit/rate-limit.decorator';
import { BulkTriggerEventDto, MAX_BULK_EVENTS } from './dtos/bulk-trigger-event.dto';
import { TriggerEventRequestDto } from './dtos/trigger-event-request.dto';
import { BulkTriggerEventResponseEnvelopeDto, TriggerEventResponseDto, TriggerEventResponseEnvelopeDto } from './dtos/trigger-event-response.dto';
import { TriggerEventToAllRequestDto } from './dtos/trigger-event-to-all-request.dto';
import { ProcessTriggerUsecase } from './usecases/process-trigger.usecase';
import { TriggerBulkUsecase } from './usecases/trigger-bulk.usecase';

/** Bulk and broadcast draw as much from the rate limit as a hundred single triggers. */
const FAN_OUT_COST = MAX_BULK_EVENTS;

/**
 * Novu's trigger routes. Thin: auth, rate limit and idempotency run before them; the use cases
 * decide. `DELETE /v1/events/trigger/:transactionId` waits for trigger-worker's cancel RPC.
 */
@ApiTags('Events')
@ApiSecurity(API_KEY_SECURITY)
@ApiHeader({ name: 'idempotency-key', required: false, description: 'Makes a retried POST safe: duplicates get the first response' })
@ApiErrorResponses()
@Controller('v1/events')
@UseGuards(ApiKeyGuard)
export class EventsController {
  constructor(
    private readonly processTrigger: ProcessTriggerUsecase,
    private readonly triggerBulk: TriggerBulkUsecase,
  ) {}

  @Post('trigger')
  @HttpCode(201)
  @RateLimit('trigger')
  @ApiOperation({ operationId: 'EventsController_trigger', summary: 'Trigger event', description: 'Answers 201 only once the broker confirmed the trigger.' })
  @ApiCreatedResponse({ type: TriggerEventResponseEnvelopeDto })
  async trigger(@Req() request: AuthenticatedRequest, @Body() body: TriggerEventRequestDto): Promise<{ data: TriggerEventResponseDto }> {
    const data = await this.processTrigger.execute({ environment: request.environment, kind: 'trigger', ...body, idempotencyKey: keyOf(request) });
    return { data };
  }

  @Post('trigger/bulk')
  @HttpCode(201)
  @RateLimit('trigger', FAN_OUT_COST)
  @ApiOperation({ operationId: 'EventsController_triggerBulk', summary: 'Bulk trigger event', description: `1 to ${MAX_BULK_EVENTS} events, one result each.` })
  @ApiBody({ type: BulkTriggerEventDto })
  @ApiCreatedResponse({ type: BulkTriggerEventResponseEnvelopeDto })
  async bulk(@Req() request: AuthenticatedRequest, @Body() body: BulkTriggerEventDto): Promise<{ data: TriggerEventResponseDto[] }> {
    return { data: await this.triggerBulk.execute(request.environment, body.events, keyOf(request)) };
  }

  @Post('trigger/broadcast')
  @HttpCode(201)
  @RateLimit('trigger', FAN_OUT_COST)
  @ApiOperation({ operationId: 'EventsController_broadcastEventToAll', summary: 'Broadcast event to all', description: 'Every subscriber of the environment; the fan-out happens in the worker.' })
  @ApiCreatedResponse({ type: TriggerEventResponseEnvelopeDto })
  async broadcast(@Req() request: AuthenticatedRequest, @Body() body: TriggerEventToAllRequestDto): Promise<{ data: TriggerEventResponseDto }> {
    const data = await this.processTrigger.execute({ environment: request.environment, kind: 'broadcast', ...body, idempotencyKey: keyOf(request) });
    return { data };
  }
}

/** The key feeds the derived transactionId only while idempotency is on for the request (the admission gate decides). */
function keyOf(request: AuthenticatedRequest & AdmittedRequest): string | undefined {
  return request.idempotencyKey;
}
