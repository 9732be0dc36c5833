import { RpcError } from '@herald/contracts';
import { BrokerUnavailableError, RpcTimeoutError, UnroutableMessageError } from '@herald/messaging';

import { toErrorResponse } from '../../core/errors/error-response';
import { GatewayException } from '../../core/errors/gateway.exception';
import { GatewayErrorCode } from '../../core/errors/gateway-error-code';
import {
  ATTACHMENT_HTTP_ERRORS,
  INBOX_HTTP_ERRORS,
  RpcHttpProfile,
  toHttpError,
  TRIGGER_WORKER_HTTP_ERRORS,
} from './rpc-http-errors';

const renderWith = (profile: RpcHttpProfile) => (error: unknown) =>
  toErrorResponse(toHttpError(error, profile, 2000), '/v2/subscribers/x');
const render = renderWith(TRIGGER_WORKER_HTTP_ERRORS);
const remote = (code: string, message: string, method = 'm') => new RpcError(code, message, { method });

describe('toHttpError for trigger-worker', () => {
  it('turns every way of getting no answer into a 503 that says so', () => {
    const timeout = render(new RpcTimeoutError('p.trigger-worker.rpc', 'subscribers.get.v1', 2000));
    expect(timeout).toMatchObject({
      status: 503,
      headers: { 'Retry-After': '1' },
      body: {
        message: 'The trigger worker is unavailable (no answer within 2000 ms); nothing was changed, retry later',
      },
    });
    expect(render(new UnroutableMessageError('', 'p.trigger-worker.rpc', 'NO_ROUTE')).body.message).toContain(
      'no worker serves this broker',
    );
    expect(render(new BrokerUnavailableError('down')).body.message).toContain('the message broker is unreachable');
    expect(render(remote('unknown_method', 'no RPC method')).body.message).toContain('does not serve this route yet');
    const unconfigured = TRIGGER_WORKER_HTTP_ERRORS.unavailable({
      kind: 'unconfigured',
      code: 'broker_unavailable',
      timeoutMs: 2000,
    });
    expect(unconfigured.message).toContain('(no broker connection is configured)');
  });

  it('maps the worker’s domain codes to 404 and 409 with its message', () => {
    const missing = toHttpError(
      remote('subscriber_not_found', 'subscriber x not found', 'subscribers.get.v1'),
      TRIGGER_WORKER_HTTP_ERRORS,
      2000,
    );
    expect(missing).toBeInstanceOf(GatewayException);
    expect(missing).toMatchObject({
      code: GatewayErrorCode.SubscriberNotFound,
      status: 404,
      message: 'Subscriber x not found',
    });
    for (const code of ['topic_not_found', 'notification_not_found', 'message_not_found']) {
      expect(render(remote(code, 'thing not found')).status).toBe(404);
    }
    expect(render(remote('subscriber_exists', 'subscriber x already exists')).status).toBe(409);
  });

  it('makes a refused request a 422 and leaves anything else to the 500 path', () => {
    const refused = toHttpError(
      remote('invalid_request', 'data.subscriberId: must be at most 255 characters'),
      TRIGGER_WORKER_HTTP_ERRORS,
      2000,
    );
    expect(refused).toBeInstanceOf(GatewayException);
    expect(render(remote('invalid_request', 'bad')).body).toMatchObject({
      statusCode: 422,
      errors: { request: { messages: ['bad'] } },
    });
    const internal = render(remote('internal_error', 'SELECT failed', 'subscribers.get.v1'));
    expect(internal).toMatchObject({ status: 500, unexpected: true, body: { message: 'Internal server error' } });
    expect(render(remote('invalid_reply', 'data.0._id: Required')).status).toBe(500);
    const other = new Error('boom');
    expect(toHttpError(other, TRIGGER_WORKER_HTTP_ERRORS, 2000)).toBe(other);
  });
});

describe('toHttpError for the inbox and attachments', () => {
  it('answers the inbox’s failures with the broker 503, naming what happened', () => {
    const inbox = renderWith(INBOX_HTTP_ERRORS);
    const timeout = inbox(new RpcTimeoutError('p.runner-in-app.rpc', 'inbox.feed.v1', 2000));
    expect(timeout).toMatchObject({ status: 503, headers: { 'Retry-After': '1' } });
    expect(timeout.body.message).toBe(
      'The message broker is unavailable, nothing was queued; retry later (rpc_timeout)',
    );
    expect(inbox(new UnroutableMessageError('', 'q', 'NO_ROUTE')).body.message).toContain('(unroutable)');
    expect(inbox(remote('internal_error', 'boom')).body.message).toContain('(rpc_remote_error)');
  });

  it('answers the attachment-service’s failures with “the trigger was not queued”', () => {
    const attachments = renderWith(ATTACHMENT_HTTP_ERRORS);
    expect(attachments(remote('attachment_not_uploaded', 'no object')).body.message).toBe(
      'The trigger was not queued: attachment-service refused it (attachment_not_uploaded). Retry later',
    );
    expect(attachments(new BrokerUnavailableError('down')).body).toMatchObject({
      statusCode: 503,
      message:
        'The trigger was not queued: attachment-service did not answer in time (broker_unavailable). Retry later',
    });
  });
});
