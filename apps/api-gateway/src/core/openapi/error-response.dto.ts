import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, ApiResponse, getSchemaPath } from '@nestjs/swagger';

/** Every error body (Novu's `ErrorDto`). */
export class ErrorDto {
  @ApiProperty({ example: 503 }) statusCode!: number;
  @ApiProperty({ example: '2026-01-01T00:00:00.000Z' }) timestamp!: string;
  @ApiProperty({ example: '/v1/events/trigger' }) path!: string;
  @ApiProperty({ example: 'The trigger was not queued: the message broker did not confirm it. Retry later' }) message!: string;
}

/** One field's problems in a 422. */
export class ConstraintValidationDto {
  @ApiProperty({ type: [String], example: ['name must be a string'] }) messages!: string[];
  @ApiPropertyOptional({ description: 'The rejected value (large values are left out)' }) value?: unknown;
}

/** 422: the request breaks its schema (Novu's `ValidationErrorDto`). */
export class ValidationErrorDto extends ErrorDto {
  @ApiProperty({ type: 'object', additionalProperties: { $ref: getSchemaPath(ConstraintValidationDto) }, description: 'field path → problems' })
  errors!: Record<string, ConstraintValidationDto>;
}

/** One problem in a 400. */
export class PayloadValidationErrorDto {
  @ApiProperty({ example: 'payload.user.email' }) field!: string;
  @ApiProperty({ example: 'must be a valid email' }) message!: string;
  @ApiPropertyOptional() value?: unknown;
  @ApiPropertyOptional({ example: '#/properties/user/properties/email/format' }) schemaPath?: string;
}

/** 400: payload schema failure (`PAYLOAD_VALIDATION_ERROR`), malformed JSON and other bad requests. */
export class BadRequestErrorDto extends ErrorDto {
  @ApiProperty({ example: 'PAYLOAD_VALIDATION_ERROR', description: 'PAYLOAD_VALIDATION_ERROR, MALFORMED_JSON, INVALID_ENCODING, JSON_TOO_DEEP, FORBIDDEN_PROPERTY, INVALID_IDEMPOTENCY_KEY' })
  type!: string;
  @ApiProperty({ type: [PayloadValidationErrorDto] }) errors!: PayloadValidationErrorDto[];
}

/** The error responses every authenticated JSON route can give. */
export function ApiErrorResponses(): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(ConstraintValidationDto),
    ApiResponse({ status: 400, type: BadRequestErrorDto, description: 'Malformed JSON, bad header, or payload failing the workflow schema' }),
    ApiResponse({ status: 401, type: ErrorDto, description: 'Missing or unknown API key' }),
    ApiResponse({ status: 409, type: ErrorDto, description: 'A request with this Idempotency-Key is still in progress (Retry-After: 1)' }),
    ApiResponse({ status: 413, type: ErrorDto, description: 'Body or payload too large' }),
    ApiResponse({ status: 415, type: ErrorDto, description: 'Not application/json' }),
    ApiResponse({ status: 422, type: ValidationErrorDto, description: 'The body breaks the schema, or the Idempotency-Key was used for another body' }),
    ApiResponse({ status: 429, type: ErrorDto, description: 'Rate limit exceeded (Retry-After)' }),
    ApiResponse({ status: 503, type: ErrorDto, description: 'The message broker is unavailable; nothing was queued' }),
  );
}
