import { createHash } from 'node:crypto';

import type { ReceivedRequest, RequestResponder, ScriptedResponse } from '@herald/testing';

/** The API key the fake accepts. */
export const RESEND_TEST_KEY = 're_herald_test_0000';

/** Answers the fake gives instead of accepting, in order (then it accepts again). */
export interface ResendScript {
  next: ScriptedResponse[];
  /** Verified sending domains. */
  domains: Set<string>;
}

/** Resend's error body: `{"statusCode", "message", "name"}`. */
export const resendError = (status: number, name: string, message: string): ScriptedResponse => ({
  status,
  body: { statusCode: status, message, name },
});

/**
 * Resend's `POST /emails` as tests need it: bearer key (401 `missing_api_key`, 403
 * `invalid_api_key`), from/to/subject (422 `validation_error`), a verified sending domain (403
 * `validation_error`), and `Idempotency-Key`: the same
 * key and body answer the first send's id again, another body under the key is 409
 * `invalid_idempotent_request`. Answers 200 `{id}`.
 */
export function fakeResend(script: ResendScript): RequestResponder {
  let accepted = 0;
  const idempotent = new Map<string, { digest: string; id: string }>();
  return (request: ReceivedRequest) => {
    if (request.method !== 'POST' || request.path !== '/emails') return resendError(404, 'not_found', 'Not found');
    const authorization = String(request.headers.authorization ?? '');
    if (!authorization.startsWith('Bearer '))
      return resendError(
        401,
        'missing_api_key',
        'Missing API key in the authorization header. Include the following header in the request: Authorization: Bearer YOUR_API_KEY',
      );
    if (authorization !== `Bearer ${RESEND_TEST_KEY}`) return resendError(403, 'invalid_api_key', 'API key is invalid');
    const email = request.json as { from?: string; to?: string[]; subject?: string } | undefined;
    if (!email?.from || !/^(.+ <)?[^\s@<>]+@[^\s@<>]+>?$/.test(email.from))
      return resendError(
        422,
        'validation_error',
        'Invalid `from` field. The email address needs to follow the `email@example.com` or `Name <email@example.com>` format.',
      );
    const domain = /@([^\s@<>]+)>?$/.exec(email.from)?.[1] ?? '';
    if (!script.domains.has(domain))
      return resendError(
        403,
        'validation_error',
        `The ${domain} domain is not verified. Please, add and verify your domain on https://resend.com/domains`,
      );
    if (!email.to?.length) return resendError(422, 'missing_required_field', 'Missing `to` field.');
    if (!email.subject) return resendError(422, 'missing_required_field', 'Missing `subject` field.');
    const key = request.headers['idempotency-key'];
    const digest = createHash('sha256').update(request.body).digest('hex');
    const earlier = typeof key === 'string' ? idempotent.get(key) : undefined;
    if (earlier && earlier.digest !== digest)
      return resendError(
        409,
        'invalid_idempotent_request',
        'Same idempotency key used with a different request payload.',
      );
    if (earlier) return { status: 200, body: { id: earlier.id } };
    const scripted = script.next.shift();
    if (scripted) return scripted;
    accepted += 1;
    const id = `4ef9a417-02e9-4d39-ad75-resend${String(accepted).padStart(6, '0')}`;
    if (typeof key === 'string') idempotent.set(key, { digest, id });
    return { status: 200, body: { id } };
  };
}
