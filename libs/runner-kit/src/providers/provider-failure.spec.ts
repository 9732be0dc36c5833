import { CONTRACT_LIMITS } from '@herald/contracts';

import type { OutboundResponse } from '../outbound/outbound-http.client';
import { failureFromResponse, parseRetryAfter } from './provider-failure';

const response = (status: number, headers: OutboundResponse['headers'] = {}): OutboundResponse => ({
  status,
  headers,
  body: '{"message":"slow down"}',
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-12-06T08:00:00Z');

  it('reads delay-seconds and a number of seconds', () => {
    expect(parseRetryAfter('7', now)).toBe(7000);
    expect(parseRetryAfter(' 120 ', now)).toBe(120_000);
    expect(parseRetryAfter(3, now)).toBe(3000);
    expect(parseRetryAfter(['5', '9'], now)).toBe(5000);
  });

  it('reads an HTTP-date as the time left until then', () => {
    expect(parseRetryAfter('Sun, 06 Dec 2026 08:00:30 GMT', now)).toBe(30_000);
  });

  it('caps a long wait and ignores absent, malformed, zero and past values', () => {
    expect(parseRetryAfter('999999', now)).toBe(CONTRACT_LIMITS.maxRetryAfterMs);
    for (const value of [undefined, '', 'soon', '-5', '0', 'Sun, 06 Dec 2026 07:00:00 GMT', Number.NaN])
      expect(parseRetryAfter(value, now)).toBeUndefined();
  });
});

describe('failureFromResponse', () => {
  it('carries a 429 or 503 Retry-After as retryAfterMs', () => {
    expect(failureFromResponse('acme', response(429, { 'retry-after': '7' }))).toEqual({
      code: 'provider_rate_limited',
      message: 'acme answered HTTP 429: slow down',
      retryable: true,
      retryAfterMs: 7000,
    });
    expect(failureFromResponse('acme', response(503, { 'retry-after': '2' }))).toMatchObject({ retryAfterMs: 2000 });
  });

  it('has no retryAfterMs without the header, or on other statuses', () => {
    expect(failureFromResponse('acme', response(429))).not.toHaveProperty('retryAfterMs');
    expect(failureFromResponse('acme', response(500, { 'retry-after': '7' }))).not.toHaveProperty('retryAfterMs');
    expect(failureFromResponse('acme', response(400, { 'retry-after': '7' }))).not.toHaveProperty('retryAfterMs');
  });
});
