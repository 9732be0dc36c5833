import type { FieldErrors } from './field-errors';
import { GATEWAY_ERROR_STATUS, GatewayErrorCode } from './gateway-error-code';

/** One entry of a 400's `errors` (Novu's `PayloadValidationErrorDto`). */
export interface PayloadError {
  field: string;
  message: string;
  value?: unknown;
}

/** What a `GatewayException` adds to the standard error body. */
export interface GatewayExceptionDetail {
  /** Field errors (422) or payload errors (400). */
  errors?: FieldErrors | PayloadError[];
  /** Response headers, e.g. `Retry-After`. */
  headers?: Record<string, string>;
}

/**
 * A failure the gateway reports on purpose. Thrown anywhere (middleware, guards, interceptors,
 * use cases); the exception filter turns it into Novu's error shape with the status its code maps to.
 */
export class GatewayException extends Error {
  constructor(
    readonly code: GatewayErrorCode,
    message: string,
    readonly detail: GatewayExceptionDetail = {},
  ) {
    super(message);
    this.name = 'GatewayException';
  }

  get status(): number {
    return GATEWAY_ERROR_STATUS[this.code];
  }

  /** The one 422: the request breaks its schema (a body or query field, a rule a use case checks). */
  static requestValidation(errors: FieldErrors, message = 'Validation Error'): GatewayException {
    return new GatewayException(GatewayErrorCode.RequestValidation, message, { errors });
  }

  /** 422 for one field. */
  static invalidField(field: string, messages: string[], value?: unknown, message?: string): GatewayException {
    return GatewayException.requestValidation({ [field]: { messages, value } }, message);
  }

  /** 400 for a payload that fails the workflow's payload schema. */
  static payloadValidation(errors: PayloadError[]): GatewayException {
    return new GatewayException(GatewayErrorCode.PayloadValidation, 'Payload validation failed', { errors });
  }
}
