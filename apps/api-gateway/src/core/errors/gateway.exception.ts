import { GATEWAY_ERROR_STATUS, GatewayErrorCode } from './gateway-error-code';

/** One field's problems in a 422 (Novu's `ConstraintValidation`). */
export interface FieldError {
  messages: string[];
  value?: unknown;
}

/** A 422's `errors`: field path → its problems. */
export type FieldErrors = Record<string, FieldError>;

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

  /** 422 naming the fields that broke the request schema. */
  static requestValidation(errors: FieldErrors, message = 'Validation Error'): GatewayException {
    return new GatewayException(GatewayErrorCode.RequestValidation, message, { errors });
  }

  /** 422 for one field. */
  static invalidField(field: string, messages: string[], value?: unknown): GatewayException {
    return GatewayException.requestValidation({ [field]: { messages, value } });
  }

  /** 400 for a payload that fails the workflow's payload schema. */
  static payloadValidation(errors: PayloadError[]): GatewayException {
    return new GatewayException(GatewayErrorCode.PayloadValidation, 'Payload validation failed', { errors });
  }
}
