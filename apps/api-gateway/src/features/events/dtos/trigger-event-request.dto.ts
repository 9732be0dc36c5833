import { ApiExtraModels } from '@nestjs/swagger';
import { SubscriberPayloadDto, TenantPayloadDto, TopicPayloadDto } from './recipient-payload.dto';
import { FastPath } from '../../../pipeline/validation/fast-path.decorator';
import { ActorField, NameField, ObjectField, PayloadField, TenantField, ToField, TransactionIdField } from './trigger-fields';
import { isCertainlyValidTrigger } from './trigger-request.fast-path';

/** `POST /v1/events/trigger` (and each item of `/bulk`). */
@ApiExtraModels(SubscriberPayloadDto, TopicPayloadDto, TenantPayloadDto)
@FastPath(isCertainlyValidTrigger)
export class TriggerEventRequestDto {
  @NameField() name!: string;
  @ToField() to!: unknown;
  @PayloadField(false) payload?: Record<string, unknown>;
  @ObjectField('Provider and step overrides') overrides?: Record<string, unknown>;
  @TransactionIdField() transactionId?: string;
  @ActorField() actor?: unknown;
  @TenantField() tenant?: unknown;
  @ObjectField('Context the workflow runs in (e.g. {"key": "org-acme"})') context?: Record<string, unknown>;
}
