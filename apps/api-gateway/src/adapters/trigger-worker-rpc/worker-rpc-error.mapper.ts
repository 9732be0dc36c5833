import { HttpStatus, UnprocessableEntityException } from '@nestjs/common';
import { TRIGGER_WORKER_RPC_ERRORS } from '@herald/contracts';
import { BrokerUnavailableError, RpcRemoteError, RpcTimeoutError, UnroutableMessageError } from '@herald/messaging';
import { GatewayErrorCode } from '../../core/errors/gateway-error-code';
import { GatewayException } from '../../core/errors/gateway.exception';

/** The worker's "no such thing in this environment" codes. */
const NOT_FOUND: Readonly<Record<string, GatewayErrorCode>> = {
  [TRIGGER_WORKER_RPC_ERRORS.subscriberNotFound]: GatewayErrorCode.SubscriberNotFound,
  [TRIGGER_WORKER_RPC_ERRORS.topicNotFound]: GatewayErrorCode.TopicNotFound,
  [TRIGGER_WORKER_RPC_ERRORS.notificationNotFound]: GatewayErrorCode.NotificationNotFound,
  [TRIGGER_WORKER_RPC_ERRORS.messageNotFound]: GatewayErrorCode.MessageNotFound,
};

/** The 503 a client gets when trigger-worker cannot answer; the request can be retried as it is. */
export function workerUnavailable(reason: string): GatewayException {
  return new GatewayException(GatewayErrorCode.WorkerUnavailable, `The trigger worker is unavailable (${reason}); nothing was changed, retry later`, {
    headers: { 'Retry-After': '1' },
  });
}

/**
 * What a failed call to trigger-worker means to the HTTP client: the worker's domain codes become
 * 404s and 409s (the worker's message names the thing), a request the worker refused is a 422, and
 * no answer in time — a timeout, no worker queue on this broker, the broker gone — is a 503.
 * Anything else (a reply that breaks the contract, the worker's own failure) becomes a plain error
 * that the exception filter logs and answers with a 500.
 */
export function toWorkerRpcHttpError(error: unknown, timeoutMs: number): unknown {
  if (error instanceof RpcTimeoutError) return workerUnavailable(`no answer within ${timeoutMs} ms`);
  if (error instanceof UnroutableMessageError) return workerUnavailable('no worker serves this broker');
  if (error instanceof BrokerUnavailableError) return workerUnavailable('the message broker is unreachable');
  if (!(error instanceof RpcRemoteError)) return error;
  const message = error.message.replace(/^RPC \S+ failed: /, '');
  const notFound = NOT_FOUND[error.remoteCode];
  if (notFound) return new GatewayException(notFound, capitalize(message));
  if (error.remoteCode === TRIGGER_WORKER_RPC_ERRORS.subscriberExists) return new GatewayException(GatewayErrorCode.SubscriberExists, capitalize(message));
  if (error.remoteCode === TRIGGER_WORKER_RPC_ERRORS.invalidRequest) {
    return new UnprocessableEntityException({ statusCode: HttpStatus.UNPROCESSABLE_ENTITY, message: 'Validation Error', errors: { request: { messages: [message] } } });
  }
  if (error.remoteCode === 'unknown_method') return workerUnavailable('the running worker does not serve this route yet');
  // Not a MessagingError any more: the filter would call that a broker outage (503), and this is a fault (500, logged).
  return new Error(`trigger-worker failed ${error.method} (${error.remoteCode}): ${message}`, { cause: error });
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
