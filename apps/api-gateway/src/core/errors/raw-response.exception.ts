/**
 * A complete response to send as it is (status, headers, JSON text), bypassing the route's own
 * status handling. The idempotency interceptor throws it to replay a stored response, whose status
 * may differ from the route's (a stored 422 on a route that answers 201).
 */
export class RawResponseException extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(`replayed response ${status}`);
    this.name = 'RawResponseException';
  }
}
