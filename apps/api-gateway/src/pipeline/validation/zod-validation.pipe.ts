import { PipeTransform, UnprocessableEntityException } from '@nestjs/common';
import { z } from 'zod';
import { FieldErrors, toFieldErrors } from './validation-errors';

/** The 422 every control-plane route answers for a bad request, in Novu's shape. */
export class RequestValidationException extends UnprocessableEntityException {
  constructor(errors: FieldErrors, message = 'Validation Error') {
    super({ message, errors });
  }
}

/**
 * Validates a body or query with a zod schema and hands the parsed value to the handler; a failure
 * is a 422 naming each field (`{errors: {<field>: {messages, value}}}`). Shared by the
 * control-plane routes (workflows, tenants, integrations, admin).
 */
export class ZodValidationPipe<S extends z.ZodTypeAny> implements PipeTransform<unknown, z.output<S>> {
  constructor(
    private readonly schema: S,
    private readonly options: { redacted?: readonly string[] } = {},
  ) {}

  transform(value: unknown): z.output<S> {
    const result = this.schema.safeParse(value ?? {});
    if (result.success) return result.data as z.output<S>;
    throw new RequestValidationException(toFieldErrors(result.error, value, this.options.redacted));
  }
}
