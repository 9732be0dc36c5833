import { baseUrlOf, formatMailbox, outcomeOfResponse, plainText, withQuery } from './email-http';

const answers = {
  reason: (body: unknown) => (body as { message?: string } | undefined)?.message,
  messageId: (body: unknown) => (body as { id?: string } | undefined)?.id,
  integrationFault: (_status: number, body: unknown) => (body as { code?: string } | undefined)?.code === 'account',
};
const response = (status: number, body: object | string) => ({
  status,
  headers: {},
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

describe('outcomeOfResponse', () => {
  it('reports a 2xx as sent with the provider id', () => {
    expect(outcomeOfResponse('x', response(201, { id: 'm-1' }), answers)).toEqual({
      ok: true,
      providerMessageId: 'm-1',
    });
  });

  it('keeps the kit verdicts and the provider reason', () => {
    expect(outcomeOfResponse('x', response(429, { message: 'slow down' }), answers)).toEqual({
      ok: false,
      failure: { code: 'provider_rate_limited', message: 'x answered HTTP 429: slow down', retryable: true },
    });
    expect(outcomeOfResponse('x', response(400, { message: 'bad to' }), answers)).toMatchObject({
      failure: { code: 'provider_rejected', retryable: false },
    });
  });

  it('marks the account’s faults as integration_misconfigured, never a retryable answer', () => {
    expect(outcomeOfResponse('x', response(400, { code: 'account', message: 'no credits' }), answers)).toMatchObject({
      failure: { code: 'integration_misconfigured', message: 'x answered HTTP 400: no credits', retryable: false },
    });
    expect(outcomeOfResponse('x', response(503, { code: 'account' }), answers)).toMatchObject({
      failure: { code: 'provider_unavailable', retryable: true },
    });
  });
});

describe('email-http helpers', () => {
  it('formats a mailbox, quoting names with reserved characters', () => {
    expect(formatMailbox({ address: 'a@x.org' })).toBe('a@x.org');
    expect(formatMailbox({ address: 'a@x.org', name: 'Team' })).toBe('Team <a@x.org>');
    expect(formatMailbox({ address: 'a@x.org', name: 'Acme, Inc. "Ops"' })).toBe('"Acme, Inc. \\"Ops\\"" <a@x.org>');
  });

  it('takes baseUrl without trailing slashes, else the default', () => {
    expect(baseUrlOf({ baseUrl: 'https://eu.example.com//' }, 'https://x')).toBe('https://eu.example.com');
    expect(baseUrlOf({}, 'https://api.example.com')).toBe('https://api.example.com');
  });

  it('appends passthrough query parameters', () => {
    expect(withQuery('https://x/emails', {})).toBe('https://x/emails');
    expect(withQuery('https://x/emails', { a: '1 2' })).toBe('https://x/emails?a=1+2');
  });

  it('keeps short plain-text error bodies, not HTML pages', () => {
    expect(plainText(' Forbidden\n')).toBe('Forbidden');
    expect(plainText('<html>502</html>')).toBeUndefined();
  });
});
