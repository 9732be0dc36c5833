import {
  ATTACHMENT_RPC_SERVICE,
  INBOX_RPC_SERVICE,
  INTEGRATION_TEST_RPC_ERRORS,
  INTEGRATION_TEST_RPC_SERVICES,
  RPC_ERRORS,
  RpcError,
  type TestableChannel,
  TRIGGER_WORKER_RPC_ERRORS,
  TRIGGER_WORKER_RPC_SERVICE,
} from '@herald/contracts';
import { BrokerUnavailableError, RpcTimeoutError, UnroutableMessageError } from '@herald/messaging';

import { GatewayException } from '../../core/errors/gateway.exception';
import { GatewayErrorCode } from '../../core/errors/gateway-error-code';

/** How a call got no answer a route can use. */
export interface RpcFailure {
  /** Timed out, no server queue on this broker, broker unreachable or not configured, or refused with a code. */
  kind: 'timeout' | 'unroutable' | 'broker' | 'unconfigured' | 'refused';
  /** The messaging code (`rpc_timeout`, `unroutable`, `broker_unavailable`) or the service's error code. */
  code: string;
  timeoutMs: number;
}

/** What one service's failures are over HTTP. */
export interface RpcHttpProfile {
  service: string;
  /** The 503 when the service gives no usable answer: the request can be retried as it is. */
  unavailable(failure: RpcFailure): GatewayException;
  /** The service's codes that mean something to the HTTP client (404, 409, 422, …). */
  codes: Readonly<Record<string, (error: RpcError) => Error>>;
  /** Any other code: the service's fault (a logged 500) or the service being unavailable (a 503). */
  otherCodes: 'fault' | 'unavailable';
}

/**
 * The one place an RPC failure becomes an HTTP error: no answer in time — a timeout, no server
 * queue on this broker, the broker gone — is the profile's 503; an `RpcError` code is what the
 * profile maps it to (a 404, 409, 422), else a 503 or a plain error that the exception filter logs
 * and answers with a 500. Anything else is returned as it is.
 */
export function toHttpError(error: unknown, profile: RpcHttpProfile, timeoutMs: number): unknown {
  const failure = (kind: RpcFailure['kind'], code: string) => profile.unavailable({ kind, code, timeoutMs });
  if (error instanceof RpcTimeoutError) return failure('timeout', error.code);
  if (error instanceof UnroutableMessageError) return failure('unroutable', error.code);
  if (error instanceof BrokerUnavailableError) return failure('broker', error.code);
  if (!(error instanceof RpcError)) return error;
  const mapped = profile.codes[error.code];
  if (mapped) return mapped(error);
  if (profile.otherCodes === 'unavailable') return failure('refused', error.code);
  // The service's own fault: the exception filter logs this (naming service and method) and answers 500.
  return new Error(`${profile.service} failed ${error.method} (${error.code}): ${error.message}`, { cause: error });
}

const retryAfter = { headers: { 'Retry-After': '1' } };

/** The 503 a client gets when trigger-worker cannot answer; the request can be retried as it is. */
function workerUnavailable(reason: string): GatewayException {
  return new GatewayException(
    GatewayErrorCode.WorkerUnavailable,
    `The trigger worker is unavailable (${reason}); nothing was changed, retry later`,
    retryAfter,
  );
}

const WORKER_NO_ANSWER: Record<RpcFailure['kind'], (failure: RpcFailure) => string> = {
  timeout: ({ timeoutMs }) => `no answer within ${timeoutMs} ms`,
  unroutable: () => 'no worker serves this broker',
  broker: () => 'the message broker is unreachable',
  unconfigured: () => 'no broker connection is configured',
  refused: ({ code }) => `it answered ${code}`,
};

const capitalized = (code: GatewayErrorCode) => (error: RpcError) =>
  new GatewayException(code, error.message.charAt(0).toUpperCase() + error.message.slice(1));

/** trigger-worker: its "no such thing here" codes are 404s, a duplicate a 409, a refused request a 422. */
export const TRIGGER_WORKER_HTTP_ERRORS: RpcHttpProfile = {
  service: TRIGGER_WORKER_RPC_SERVICE,
  unavailable: (failure) => workerUnavailable(WORKER_NO_ANSWER[failure.kind](failure)),
  codes: {
    [TRIGGER_WORKER_RPC_ERRORS.subscriberNotFound]: capitalized(GatewayErrorCode.SubscriberNotFound),
    [TRIGGER_WORKER_RPC_ERRORS.topicNotFound]: capitalized(GatewayErrorCode.TopicNotFound),
    [TRIGGER_WORKER_RPC_ERRORS.notificationNotFound]: capitalized(GatewayErrorCode.NotificationNotFound),
    [TRIGGER_WORKER_RPC_ERRORS.messageNotFound]: capitalized(GatewayErrorCode.MessageNotFound),
    [TRIGGER_WORKER_RPC_ERRORS.subscriberExists]: capitalized(GatewayErrorCode.SubscriberExists),
    [RPC_ERRORS.invalidRequest]: (error) => GatewayException.invalidField('request', [error.message]),
    [RPC_ERRORS.unknownMethod]: () => workerUnavailable('the running worker does not serve this route yet'),
  },
  otherCodes: 'fault',
};

/** runner-in-app's inbox: every failure is the broker path's 503, as for a publish. */
export const INBOX_HTTP_ERRORS: RpcHttpProfile = {
  service: INBOX_RPC_SERVICE,
  unavailable: ({ kind, code }) => {
    // `rpc_remote_error` is what a refused call has always read as here; clients may match on it.
    const why = kind === 'refused' ? 'rpc_remote_error' : code;
    const message = `The message broker is unavailable, nothing was queued; retry later (${why})`;
    return new GatewayException(GatewayErrorCode.BrokerUnavailable, message, retryAfter);
  },
  codes: {},
  otherCodes: 'unavailable',
};

/** attachment-service, during a trigger: any failure means the trigger is not queued (503). */
export const ATTACHMENT_HTTP_ERRORS: RpcHttpProfile = {
  service: ATTACHMENT_RPC_SERVICE,
  unavailable: ({ kind, code }) => {
    const reason =
      kind === 'refused'
        ? `attachment-service refused it (${code})`
        : `attachment-service did not answer in time (${code})`;
    return new GatewayException(
      GatewayErrorCode.BrokerUnavailable,
      `The trigger was not queued: ${reason}. Retry later`,
      retryAfter,
    );
  },
  codes: {},
  otherCodes: 'unavailable',
};

/**
 * A channel runner, for an integration test: no answer is a 503 naming the runner (nothing was
 * sent, or the provider's answer came too late to report); an integration the runner does not see
 * (deleted or deactivated meanwhile) is a 404.
 */
export function integrationTestHttpErrors(channel: TestableChannel): RpcHttpProfile {
  const service = INTEGRATION_TEST_RPC_SERVICES[channel];
  const noAnswer: Record<RpcFailure['kind'], (failure: RpcFailure) => string> = {
    timeout: ({ timeoutMs }) => `no answer within ${timeoutMs} ms`,
    unroutable: () => `no ${service} serves this broker`,
    broker: () => 'the message broker is unreachable',
    unconfigured: () => 'no broker connection is configured',
    refused: ({ code }) => `it answered ${code}`,
  };
  return {
    service,
    unavailable: (failure) =>
      new GatewayException(
        GatewayErrorCode.RunnerUnavailable,
        `${service} did not answer the test (${noAnswer[failure.kind](failure)}); check that it runs, then try again`,
        retryAfter,
      ),
    codes: {
      [INTEGRATION_TEST_RPC_ERRORS.integrationNotFound]: capitalized(GatewayErrorCode.IntegrationNotFound),
      [RPC_ERRORS.invalidRequest]: (error) => GatewayException.invalidField('request', [error.message]),
    },
    otherCodes: 'unavailable',
  };
}
