import { UnprocessableEntityException } from '@nestjs/common';
import { BrokerUnavailableError, RpcRemoteError, RpcTimeoutError, UnroutableMessageError } from '@herald/messaging';
import { toErrorResponse } from '../../core/errors/error-response';
import { GatewayErrorCode } from '../../core/errors/gateway-error-code';
import { GatewayException } from '../../core/errors/gateway.exception';
import { toWorkerRpcHttpError } from './worker-rpc-error.mapper';

const render = (error: unknown) => toErrorResponse(toWorkerRpcHttpError(error, 2000), '/v2/subscribers/x');

describe('toWorkerRpcHttpError', () => {
  it('turns every way of getting no answer into a 503 that says so', () => {
    const timeout = render(new RpcTimeoutError('p.trigger-worker.rpc', 'subscribers.get.v1', 2000));
    expect(timeout).toMatchObject({ status: 503, headers: { 'Retry-After': '1' }, body: { message: 'The trigger worker is unavailable (no answer within 2000 ms); nothing was changed, retry later' } });
    expect(render(new UnroutableMessageError('', 'p.trigger-worker.rpc', 'NO_ROUTE')).body.message).toContain('no worker serves this broker');
    expect(render(new BrokerUnavailableError('down')).body.message).toContain('the message broker is unreachable');
    expect(render(new RpcRemoteError('subscribers.get.v1', 'unknown_method', 'no RPC method')).status).toBe(503);
  });

  it('maps the worker’s domain codes to 404 and 409 with its message', () => {
    const missing = toWorkerRpcHttpError(new RpcRemoteError('subscribers.get.v1', 'subscriber_not_found', 'subscriber x not found'), 2000);
    expect(missing).toBeInstanceOf(GatewayException);
    expect(missing).toMatchObject({ code: GatewayErrorCode.SubscriberNotFound, status: 404, message: 'Subscriber x not found' });
    for (const code of ['topic_not_found', 'notification_not_found', 'message_not_found']) {
      expect(render(new RpcRemoteError('m', code, 'thing not found')).status).toBe(404);
    }
    expect(render(new RpcRemoteError('subscribers.create.v1', 'subscriber_exists', 'subscriber x already exists')).status).toBe(409);
  });

  it('makes a refused request a 422 and leaves anything else to the 500 path', () => {
    const refused = toWorkerRpcHttpError(new RpcRemoteError('m', 'invalid_request', 'data.subscriberId: must be at most 255 characters'), 2000);
    expect(refused).toBeInstanceOf(UnprocessableEntityException);
    expect(render(new RpcRemoteError('m', 'invalid_request', 'bad')).body).toMatchObject({ statusCode: 422, errors: { request: { messages: ['bad'] } } });
    const internal = render(new RpcRemoteError('subscribers.get.v1', 'internal_error', 'SELECT failed'));
    expect(internal).toMatchObject({ status: 500, unexpected: true, body: { message: 'Internal server error' } });
    expect(render(new RpcRemoteError('m', 'invalid_reply', 'data.0._id: Required')).status).toBe(500);
    const other = new Error('boom');
    expect(toWorkerRpcHttpError(other, 2000)).toBe(other);
  });
});
