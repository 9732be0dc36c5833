import { PipeTransform } from '@nestjs/common';
import { z } from 'zod';

import { GatewayException } from '../../core/errors/gateway.exception';
import type { DocumentedPipe } from '../../core/openapi/openapi.decorator';
import { parseRequest, ParseRequestOptions } from './parse-request';

/**
 * Validates a body or query with its zod schema and hands the parsed value to the handler; a
 * failure is the one 422 (`GatewayException.requestValidation`), naming each field. The OpenAPI
 * document reads the schema from here, so a route's documented body is the one it enforces.
 */
export class ZodValidationPipe<S extends z.ZodTypeAny> implements PipeTransform<unknown, z.output<S>>, DocumentedPipe {
  constructor(
    readonly schema: S,
    private readonly options: ParseRequestOptions = {},
  ) {}

  transform(value: unknown): z.output<S> {
    const result = parseRequest(this.schema, value, this.options);
    if (!result.ok) throw GatewayException.requestValidation(result.errors);
    return result.value;
  }
}
