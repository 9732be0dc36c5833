import { ContractViolationError } from '@herald/contracts';
import { MessagingError } from '@herald/messaging';
import { HttpException, HttpStatus } from '@nestjs/common';

import { isDatabaseUnavailable } from './database-unavailable';
import type { FieldErrors } from './field-errors';
import { GatewayException, PayloadError } from './gateway.exception';
import { GatewayErrorCode } from './gateway-error-code';

/** An error as it leaves the gateway. */
export interface ErrorResponse {
  status: number;
  body: Record<string, unknown> & { statusCode: number; timestamp: string; path: string; message: unknown };
  headers: Record<string, string>;
  /** True when nothing the client did explains it (logged with its stack). */
  unexpected: boolean;
}

const MAX_ECHOED_STRING = 256;
const MAX_ECHOED_JSON_BYTES = 4096;

/**
 * Turns anything thrown into Novu's error shape: always `statusCode, timestamp, path, message`
 * (`path` without its query string);
 * a 400 always has `type` and an `errors` array, a 422 an `errors` record (the SDK's error
 * parsers require them). Unknown errors become a 500 without internals.
 */
export function toErrorResponse(exception: unknown, path: string, now = new Date()): ErrorResponse {
  // Without the query string: it can carry a credential (`/v1/inbox/stream?token=…`).
  const base = { timestamp: now.toISOString(), path: path.split('?', 1)[0] };
  if (exception instanceof GatewayException) {
    const status = exception.status;
    const body: ErrorResponse['body'] = { statusCode: status, ...base, message: exception.message };
    if (status === HttpStatus.BAD_REQUEST) body.type = exception.code;
    if (status === HttpStatus.BAD_REQUEST || status === HttpStatus.UNPROCESSABLE_ENTITY) {
      body.errors = sanitizeErrors(exception.detail.errors ?? (status === HttpStatus.BAD_REQUEST ? [] : {}));
    }
    return { status, body, headers: exception.detail.headers ?? {}, unexpected: false };
  }
  if (exception instanceof HttpException) return fromHttpException(exception, base);
  if (exception instanceof ContractViolationError)
    return toErrorResponse(contractViolationAsValidation(exception), path, now);
  if (exception instanceof MessagingError) {
    const message = `The message broker is unavailable, nothing was queued; retry later (${exception.code})`;
    return toErrorResponse(
      new GatewayException(GatewayErrorCode.BrokerUnavailable, message, { headers: { 'Retry-After': '1' } }),
      path,
      now,
    );
  }
  if (isDatabaseUnavailable(exception)) {
    const message = 'The database is unavailable; retry later';
    return toErrorResponse(
      new GatewayException(GatewayErrorCode.DatabaseUnavailable, message, { headers: { 'Retry-After': '1' } }),
      path,
      now,
    );
  }
  return {
    status: HttpStatus.INTERNAL_SERVER_ERROR,
    body: { statusCode: HttpStatus.INTERNAL_SERVER_ERROR, ...base, message: 'Internal server error' },
    headers: {},
    unexpected: true,
  };
}

/**
 * A message that breaks its contract because of the client's input (a limit the request
 * validation did not check itself) is a 422 naming the fields (`data.to[0].email` → `to[0].email`).
 */
export function contractViolationAsValidation(violation: ContractViolationError): GatewayException {
  const errors: FieldErrors = {};
  for (const issue of violation.issues) {
    const [field, ...rest] = issue.split(': ');
    (errors[field.replace(/^data\./, '')] ??= { messages: [] }).messages.push(rest.join(': '));
  }
  return GatewayException.requestValidation(errors);
}

function fromHttpException(exception: HttpException, base: { timestamp: string; path: string }): ErrorResponse {
  const status = exception.getStatus();
  const response = exception.getResponse();
  const detail = typeof response === 'string' ? { message: response } : (response as Record<string, unknown>);
  const body: ErrorResponse['body'] = {
    ...detail,
    statusCode: status,
    ...base,
    message: detail.message ?? exception.message,
  };
  if (status === HttpStatus.BAD_REQUEST) {
    body.type ??= 'BAD_REQUEST';
    if (!Array.isArray(body.errors)) body.errors = [];
  }
  if (
    status === HttpStatus.UNPROCESSABLE_ENTITY &&
    (typeof body.errors !== 'object' || body.errors === null || Array.isArray(body.errors))
  ) {
    body.errors = {};
  }
  return { status, body, headers: {}, unexpected: status >= 500 };
}

function sanitizeErrors(errors: FieldErrors | PayloadError[]): FieldErrors | PayloadError[] {
  if (Array.isArray(errors)) return errors.map((error) => withEchoableValue(error));
  const sanitized: FieldErrors = {};
  for (const [field, error] of Object.entries(errors)) sanitized[field] = withEchoableValue(error);
  return sanitized;
}

function withEchoableValue<T extends { value?: unknown }>(error: T): T {
  if (!('value' in error)) return error;
  const value = echoable(error.value);
  const copy = { ...error };
  if (value === undefined) delete copy.value;
  else copy.value = value;
  return copy;
}

/** Echoing a client's value helps them find it; echoing a megabyte does not. */
function echoable(value: unknown): unknown {
  if (typeof value === 'string')
    return value.length > MAX_ECHOED_STRING ? `${value.slice(0, MAX_ECHOED_STRING)}…` : value;
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value !== 'object') return undefined;
  try {
    const json = JSON.stringify(value);
    return Buffer.byteLength(json) > MAX_ECHOED_JSON_BYTES ? undefined : value;
  } catch {
    return undefined;
  }
}
