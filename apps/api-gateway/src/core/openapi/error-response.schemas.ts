import type { ResponseConfig } from '@asteasolutions/zod-to-openapi';

import { z } from './openapi-zod';

/** Every error body (Novu's `ErrorDto`). */
const errorSchema = z
  .object({
    statusCode: z.number().openapi({ example: 503 }),
    timestamp: z.string().openapi({ example: '2026-01-01T00:00:00.000Z' }),
    path: z.string().openapi({ example: '/v1/events/trigger' }),
    message: z
      .string()
      .openapi({ example: 'The trigger was not queued: the message broker did not confirm it. Retry later' }),
  })
  .openapi('ErrorDto');

/** One field's problems in a 422. */
const constraintValidationSchema = z
  .object({
    messages: z.array(z.string()).openapi({ example: ['name must be a string'] }),
    value: z.unknown().optional().openapi({ description: 'The rejected value (large values are left out)' }),
  })
  .openapi('ConstraintValidationDto');

/** 422: the request breaks its schema (Novu's `ValidationErrorDto`). */
const validationErrorSchema = errorSchema
  .extend({
    errors: z.record(z.string(), constraintValidationSchema).openapi({ description: 'field path → problems' }),
  })
  .openapi('ValidationErrorDto');

/** One problem in a 400. */
const payloadValidationErrorSchema = z
  .object({
    field: z.string().openapi({ example: 'payload.user.email' }),
    message: z.string().openapi({ example: 'must be a valid email' }),
    value: z.unknown().optional(),
    schemaPath: z.string().optional().openapi({ example: '#/properties/user/properties/email/format' }),
  })
  .openapi('PayloadValidationErrorDto');

/** 400: payload schema failure (`PAYLOAD_VALIDATION_ERROR`), malformed JSON and other bad requests. */
const badRequestErrorSchema = errorSchema
  .extend({
    type: z.string().openapi({
      example: 'PAYLOAD_VALIDATION_ERROR',
      description:
        'PAYLOAD_VALIDATION_ERROR, MALFORMED_JSON, INVALID_ENCODING, JSON_TOO_DEEP, FORBIDDEN_PROPERTY, INVALID_IDEMPOTENCY_KEY',
    }),
    errors: z.array(payloadValidationErrorSchema),
  })
  .openapi('BadRequestErrorDto');

const json = (description: string, schema: z.ZodTypeAny): ResponseConfig => ({
  description,
  content: { 'application/json': { schema } },
});

/** The error responses every authenticated JSON route can give, by status. */
export const ERROR_RESPONSES: Readonly<Record<number, ResponseConfig>> = {
  400: json('Malformed JSON, bad header, or payload failing the workflow schema', badRequestErrorSchema),
  401: json('Missing or unknown API key', errorSchema),
  409: json('A request with this Idempotency-Key is still in progress (Retry-After: 1)', errorSchema),
  413: json('Body or payload too large', errorSchema),
  415: json('Not application/json', errorSchema),
  422: json('The body breaks the schema, or the Idempotency-Key was used for another body', validationErrorSchema),
  429: json('Rate limit exceeded (Retry-After)', errorSchema),
  503: json('The message broker is unavailable; nothing was queued', errorSchema),
};
