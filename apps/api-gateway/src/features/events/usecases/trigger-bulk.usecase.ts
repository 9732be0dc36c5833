import { Injectable } from '@nestjs/common';

import { errorMessagesOf } from '../../../core/errors/error-messages';
import { GatewayException } from '../../../core/errors/gateway.exception';
import type { AuthenticatedEnvironment } from '../../../pipeline/authentication/api-key.repository';
import { parseRequest } from '../../../pipeline/validation/parse-request';
import { isCertainlyValidTrigger } from '../trigger-request.fast-path';
import { triggerEventRequestSchema } from '../trigger-request.schema';
import type { TriggerEventResponse } from '../trigger-response.schema';
import { ProcessTriggerUsecase } from './process-trigger.usecase';

/**
 * `POST /v1/events/trigger/bulk`: every event validated and processed on its own, concurrently;
 * one result per event in request order. An event the client got wrong (validation, unknown
 * workflow, payload schema, size) gets `status: "error"` without failing the others. Broker
 * trouble fails the request (503), since retrying it is safe: with an idempotency key every
 * event's transactionId is derived, and the worker drops the ones already queued.
 */
@Injectable()
export class TriggerBulkUsecase {
  constructor(private readonly processTrigger: ProcessTriggerUsecase) {}

  execute(
    environment: AuthenticatedEnvironment,
    events: unknown[],
    idempotencyKey?: string,
  ): Promise<TriggerEventResponse[]> {
    return Promise.all(events.map((event, index) => this.one(environment, event, index, idempotencyKey)));
  }

  private async one(
    environment: AuthenticatedEnvironment,
    event: unknown,
    index: number,
    idempotencyKey?: string,
  ): Promise<TriggerEventResponse> {
    try {
      const validation = parseRequest(triggerEventRequestSchema, event, {
        object: 'event',
        fastPath: isCertainlyValidTrigger,
      });
      if (!validation.ok) throw GatewayException.requestValidation(validation.errors);
      const body = validation.value;
      return await this.processTrigger.execute({
        environment,
        kind: 'trigger',
        name: body.name,
        to: body.to,
        payload: body.payload,
        overrides: body.overrides,
        transactionId: body.transactionId,
        actor: body.actor,
        tenant: body.tenant,
        context: body.context,
        idempotencyKey,
        bulkIndex: index,
      });
    } catch (error) {
      if (error instanceof GatewayException && error.status < 500)
        return { acknowledged: false, status: 'error', error: errorMessagesOf(error) };
      throw error;
    }
  }
}
