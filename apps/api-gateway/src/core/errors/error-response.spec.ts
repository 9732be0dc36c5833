import { ContractViolationError } from '@herald/contracts';
import { BrokerUnavailableError } from '@herald/messaging';
import { BadRequestException, NotFoundException, UnprocessableEntityException } from '@nestjs/common';

import { toErrorResponse } from './error-response';
import { GatewayException } from './gateway.exception';
import { GatewayErrorCode } from './gateway-error-code';

const now = new Date('2026-01-01T00:00:00.000Z');
const render = (exception: unknown) => toErrorResponse(exception, '/v1/x', now);

describe('toErrorResponse', () => {
  it('gives every error statusCode, timestamp, path and message', () => {
    expect(render(new NotFoundException('Cannot GET /v1/x')).body).toMatchObject({
      statusCode: 404,
      timestamp: '2026-01-01T00:00:00.000Z',
      path: '/v1/x',
      message: 'Cannot GET /v1/x',
    });
  });

  it('never echoes the query string, which can carry a token', () => {
    const response = toErrorResponse(
      new NotFoundException('x'),
      '/v1/inbox/stream?token=eyJ2IjoxfQ.c2ln&lastEventId=3',
      now,
    );
    expect(response.body.path).toBe('/v1/inbox/stream');
    expect(JSON.stringify(response.body)).not.toContain('token=');
  });

  it('maps domain codes to their status, with type and errors where Novu has them', () => {
    const payload = render(GatewayException.payloadValidation([{ field: 'payload.a', message: 'is required' }]));
    expect(payload).toMatchObject({
      status: 400,
      body: { type: 'PAYLOAD_VALIDATION_ERROR', errors: [{ field: 'payload.a', message: 'is required' }] },
    });
    expect(render(new GatewayException(GatewayErrorCode.MalformedJson, 'bad')).body).toMatchObject({
      type: 'MALFORMED_JSON',
      errors: [],
    });
    expect(render(GatewayException.invalidField('name', ['name must be a string'], 7)).body).toMatchObject({
      statusCode: 422,
      errors: { name: { messages: ['name must be a string'], value: 7 } },
    });
    expect(render(new GatewayException(GatewayErrorCode.PayloadTooLarge, 'big')).status).toBe(413);
    expect(
      render(new GatewayException(GatewayErrorCode.RateLimited, 'slow down', { headers: { 'Retry-After': '2' } })),
    ).toMatchObject({ status: 429, headers: { 'Retry-After': '2' } });
  });

  it('gives Nest 400s and 422s the fields the SDK requires', () => {
    expect(render(new BadRequestException('nope')).body).toMatchObject({
      statusCode: 400,
      type: 'BAD_REQUEST',
      errors: [],
    });
    expect(
      render(new UnprocessableEntityException({ message: 'Validation Error', errors: { a: { messages: ['x'] } } }))
        .body,
    ).toMatchObject({ errors: { a: { messages: ['x'] } } });
    expect(render(new UnprocessableEntityException('plain')).body.errors).toEqual({});
  });

  it('maps contract violations to 422 and broker errors to 503', () => {
    const violation = render(
      new ContractViolationError('trigger.requested.v1', ['data.to[0].email: must be at most 320 characters']),
    );
    expect(violation).toMatchObject({
      status: 422,
      body: { errors: { 'to[0].email': { messages: ['must be at most 320 characters'] } } },
    });
    expect(render(new BrokerUnavailableError('down'))).toMatchObject({ status: 503, headers: { 'Retry-After': '1' } });
  });

  it('maps an unreachable database to 503 with Retry-After, and a failing query still to 500', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const shutdown = Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
    const wrapped = Object.assign(new Error('Query failed'), {
      driverError: Object.assign(new Error('the database system is starting up'), { code: '57P03' }),
    });
    for (const error of [refused, shutdown, wrapped, new Error('Connection terminated unexpectedly')]) {
      expect(render(error)).toMatchObject({
        status: 503,
        headers: { 'Retry-After': '1' },
        body: { message: 'The database is unavailable; retry later' },
      });
    }
    const syntax = Object.assign(new Error('syntax error at or near "SELEC"'), { code: '42601' });
    expect(render(syntax)).toMatchObject({ status: 500, unexpected: true });
  });

  it('hides unexpected errors behind a 500', () => {
    const response = render(new Error('SELECT * FROM secrets failed'));
    expect(response).toMatchObject({ status: 500, unexpected: true, body: { message: 'Internal server error' } });
    expect(JSON.stringify(response.body)).not.toContain('secrets');
  });

  it('does not echo large values back', () => {
    const body = render(
      GatewayException.requestValidation({
        a: { messages: ['x'], value: 'v'.repeat(10_000) },
        b: { messages: ['y'], value: { big: 'v'.repeat(10_000) } },
      }),
    ).body;
    const errors = body.errors as Record<string, { value?: unknown }>;
    expect((errors.a.value as string).length).toBeLessThan(300);
    expect(errors.b).not.toHaveProperty('value');
  });
});
