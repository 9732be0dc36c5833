import { ApiExtraModels } from '@nestjs/swagger';
import { SubscriberPayloadDto, TenantPayloadDto } from './recipient-payload.dto';
import { ActorField, NameField, ObjectField, PayloadField, TenantField, TransactionIdField } from './trigger-fields';

/** `POST /v1/events/trigger/broadcast`: every subscriber of the environment (fan-out in the worker). */
@ApiExtraModels(SubscriberPayloadDto, TenantPayloadDto)
export class TriggerEventToAllRequestDto {
  @NameField() name!: string;
  @PayloadField(true) payload?: Record<string, unknown>;
  @ObjectField('Provider and step overrides') overrides?: Record<string, unknown>;
  @TransactionIdField() transactionId?: string;
  @ActorField() actor?: unknown;
  @TenantField() tenant?: unknown;
  @ObjectField('Context the workflow runs in') context?: Record<string, unknown>;
}
