import { GatewayException } from './gateway.exception';
import { GatewayErrorCode } from './gateway-error-code';

/**
 * A GatewayException as a flat list of readable messages, for places that report errors inside
 * a 201 (bulk items: `{status: "error", error: [...]}`). Each detail names its field.
 */
export function errorMessagesOf(exception: GatewayException): string[] {
  const { errors } = exception.detail;
  const details = !errors
    ? []
    : Array.isArray(errors)
      ? errors.map((error) => `${error.field}: ${error.message}`)
      : Object.entries(errors).flatMap(([field, error]) =>
          error.messages.map((message) => (message.startsWith(field) ? message : `${field}: ${message}`)),
        );
  return exception.code === GatewayErrorCode.RequestValidation && details.length > 0
    ? details
    : [exception.message, ...details];
}
