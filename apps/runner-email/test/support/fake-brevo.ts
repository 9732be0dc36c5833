import type { ReceivedRequest, RequestResponder, ScriptedResponse } from '@herald/testing';

/** The API key the fake accepts. */
export const BREVO_TEST_KEY = 'xkeysib-herald-test-0000';
/** The API key of an account without e-mail credits left (402 `not_enough_credits`). */
export const BREVO_EMPTY_ACCOUNT_KEY = 'xkeysib-herald-empty-0000';

/** Answers the fake gives instead of accepting, in order (then it accepts again). */
export interface BrevoScript {
  next: ScriptedResponse[];
}

/** Brevo's error body: `{"code": "...", "message": "..."}`. */
export const brevoError = (status: number, code: string, message: string): ScriptedResponse => ({
  status,
  body: { code, message },
});

/**
 * Brevo's `POST /v3/smtp/email` as tests need it: the `api-key` header (else 401 `unauthorized`
 * "Key not found"), sender/to/subject/htmlContent (400 `missing_parameter` /
 * `invalid_parameter`), credits left (402 `not_enough_credits`); answers 201 `{messageId}`.
 */
export function fakeBrevo(script: BrevoScript = { next: [] }): RequestResponder {
  let accepted = 0;
  return (request: ReceivedRequest) => {
    if (request.method !== 'POST' || request.path !== '/v3/smtp/email')
      return brevoError(404, 'not_found', 'Invalid route');
    const key = request.headers['api-key'];
    if (key !== BREVO_TEST_KEY && key !== BREVO_EMPTY_ACCOUNT_KEY)
      return brevoError(401, 'unauthorized', 'Key not found');
    const email = request.json as
      { sender?: { email?: string }; to?: { email?: string }[]; subject?: string; htmlContent?: string } | undefined;
    if (!email?.sender?.email) return brevoError(400, 'missing_parameter', 'sender is missing');
    if (!email.to?.length) return brevoError(400, 'missing_parameter', 'to is missing');
    if (!email.to.every((to) => typeof to.email === 'string' && to.email.includes('@')))
      return brevoError(400, 'invalid_parameter', 'email is not valid in to');
    if (!email.subject) return brevoError(400, 'missing_parameter', 'subject is missing');
    if (!email.htmlContent) return brevoError(400, 'missing_parameter', 'htmlContent is missing');
    if (key === BREVO_EMPTY_ACCOUNT_KEY) return brevoError(402, 'not_enough_credits', 'Not enough credits');
    const scripted = script.next.shift();
    if (scripted) return scripted;
    accepted += 1;
    return { status: 201, body: { messageId: `<20261206070000.${accepted}@smtp-relay.mailin.fr>` } };
  };
}
