import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { IsNotEmpty, IsObject, IsOptional, IsString, MaxLength } from 'class-validator';
import { CONTRACT_LIMITS } from '@herald/contracts';
import { checkRecipients } from '../recipients/recipients.mapper';
import { checkActor } from '../recipients/subscriber-input';
import { ValidateWith } from '../../../pipeline/validation/validate-with.decorator';
import { checkTenant } from '../tenant-input';
import { SubscriberPayloadDto, TenantPayloadDto, TopicPayloadDto } from './recipient-payload.dto';

// Decorators shared by the trigger, bulk-item and broadcast bodies: one definition of each field.

const subscriberOrTopic = [{ type: 'string' }, { $ref: getSchemaPath(SubscriberPayloadDto) }, { $ref: getSchemaPath(TopicPayloadDto) }];

export const NameField = () =>
  applyDecorators(
    ApiProperty({ description: 'The workflow identifier (`workflowId`) to trigger', example: 'workflow_identifier', maxLength: CONTRACT_LIMITS.maxIdLength }),
    IsString(),
    IsNotEmpty(),
    MaxLength(CONTRACT_LIMITS.maxIdLength),
  );

export const ToField = () =>
  applyDecorators(
    ApiProperty({
      description: `Recipients: a subscriberId, a subscriber object, a topic, or an array of them (at most ${CONTRACT_LIMITS.maxRecipients})`,
      oneOf: [...subscriberOrTopic, { type: 'array', maxItems: CONTRACT_LIMITS.maxRecipients, items: { oneOf: subscriberOrTopic } }],
    }),
    ValidateWith(checkRecipients),
  );

export const PayloadField = (required: boolean) =>
  applyDecorators(
    (required ? ApiProperty : ApiPropertyOptional)({
      type: 'object',
      additionalProperties: true,
      description: `Data for templates and step conditions; at most ${CONTRACT_LIMITS.maxPayloadBytes / 1024} KB serialized (attachments excluded)`,
      example: { comment_id: 'string', post: { text: 'string' } },
    }),
    IsOptional(),
    IsObject(),
  );

export const ObjectField = (description: string) =>
  applyDecorators(ApiPropertyOptional({ type: 'object', additionalProperties: true, description }), IsOptional(), IsObject());

export const TransactionIdField = () =>
  applyDecorators(
    ApiPropertyOptional({ description: 'Trace, cancel and de-duplication handle; derived from the Idempotency-Key when absent', maxLength: CONTRACT_LIMITS.maxTransactionIdLength }),
    IsOptional(),
    IsString(),
    IsNotEmpty(),
    MaxLength(CONTRACT_LIMITS.maxTransactionIdLength),
  );

export const ActorField = () =>
  applyDecorators(
    ApiPropertyOptional({ description: 'The subscriber on whose behalf the notification is sent', oneOf: [{ type: 'string' }, { $ref: getSchemaPath(SubscriberPayloadDto) }] }),
    IsOptional(),
    ValidateWith(checkActor),
  );

export const TenantField = () =>
  applyDecorators(
    ApiPropertyOptional({ description: 'Tenant identifier, or an object that updates the existing tenant', oneOf: [{ type: 'string' }, { $ref: getSchemaPath(TenantPayloadDto) }] }),
    IsOptional(),
    ValidateWith(checkTenant),
  );
