import { telegramFailure } from './telegram.provider';

describe('Telegram errors', () => {
  const answer = (error_code: number, description: string, retry_after?: number) => ({
    ok: false,
    error_code,
    description,
    ...(retry_after === undefined ? {} : { parameters: { retry_after } }),
  });
  const response = (status: number) => ({ status, headers: {}, body: '' });

  it.each([
    [400, 'Bad Request: chat not found', 'provider_rejected', false],
    [403, 'Forbidden: bot was kicked from the group chat', 'provider_rejected', false],
    [401, 'Unauthorized', 'provider_auth_failed', false],
    [404, 'Not Found', 'provider_auth_failed', false],
    [502, 'Bad Gateway', 'provider_unavailable', true],
  ])('%s %s → %s', (status, description, code, retryable) => {
    expect(telegramFailure(response(status), answer(status, description))).toMatchObject({ code, retryable });
  });

  it('quotes retry_after on 429 and carries it as retryAfterMs', () => {
    expect(telegramFailure(response(429), answer(429, 'Too Many Requests: retry after 7', 7))).toEqual({
      code: 'provider_rate_limited',
      retryable: true,
      message: 'telegram answered HTTP 429: Too Many Requests: retry after 7 (retry after 7 s)',
      retryAfterMs: 7000,
    });
  });

  it('falls back to a Retry-After header, and has no hint without either', () => {
    const withHeader = { ...response(429), headers: { 'retry-after': '3' } };
    expect(telegramFailure(withHeader, answer(429, 'Too Many Requests'))).toMatchObject({ retryAfterMs: 3000 });
    expect(telegramFailure(response(429), answer(429, 'Too Many Requests'))).not.toHaveProperty('retryAfterMs');
  });
});
