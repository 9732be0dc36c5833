/** Base class of every error the messaging lib raises, so callers can tell broker trouble apart. */
export class MessagingError extends Error {
  constructor(
    message: string,
    /** Stable machine-readable code (e.g. for mapping to an HTTP 503). */
    readonly code: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The broker cannot be reached (or the channel died) and the operation could not be done in time. */
export class BrokerUnavailableError extends MessagingError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 'broker_unavailable', options);
  }
}

/** The broker answered a publish with a negative confirm (nack): the message was not taken. */
export class PublishNackedError extends MessagingError {
  constructor(exchange: string, routingKey: string) {
    super(`broker refused (nacked) the message to ${describeTarget(exchange, routingKey)}`, 'publish_nacked');
  }
}

/** No confirm arrived within the confirm timeout; the message may or may not have been taken. */
export class PublishTimeoutError extends MessagingError {
  constructor(exchange: string, routingKey: string, timeoutMs: number) {
    super(`no publisher confirm within ${timeoutMs} ms for ${describeTarget(exchange, routingKey)}`, 'publish_timeout');
  }
}

/** A mandatory message matched no queue and the broker returned it instead of dropping it silently. */
export class UnroutableMessageError extends MessagingError {
  constructor(exchange: string, routingKey: string, replyText: string) {
    super(`message to ${describeTarget(exchange, routingKey)} was returned by the broker: ${replyText}`, 'unroutable');
  }
}

/** An RPC got no answer within its timeout. */
export class RpcTimeoutError extends MessagingError {
  constructor(
    readonly target: string,
    readonly method: string,
    readonly timeoutMs: number,
  ) {
    super(`RPC ${method} to ${target} got no reply within ${timeoutMs} ms`, 'rpc_timeout');
  }
}

function describeTarget(exchange: string, routingKey: string): string {
  return exchange === '' ? `queue "${routingKey}"` : `exchange "${exchange}" with routing key "${routingKey}"`;
}
