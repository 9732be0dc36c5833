import type { ReceivedRequest, RequestResponder, ScriptedResponse } from '@herald/testing';

/** The API key the fake accepts. */
export const SENDGRID_TEST_KEY = 'SG.test-key';

/** Answers the fake gives instead of accepting, in order (then it accepts again). */
export interface SendgridScript {
  next: ScriptedResponse[];
}

const error = (status: number, message: string, field: string | null = null): ScriptedResponse => ({
  status,
  body: { errors: [{ message, field, help: null }] },
});

/**
 * SendGrid's v3 Mail Send endpoint as tests need it: checks the route, the bearer key and the
 * body the way the API does (personalizations with recipients, from, subject, content with
 * text/plain before text/html) and answers 202 with `X-Message-Id`, or its error shapes.
 */
export function fakeSendgrid(script: SendgridScript = { next: [] }): RequestResponder {
  let accepted = 0;
  return (request: ReceivedRequest) => {
    if (request.method !== 'POST' || request.path !== '/v3/mail/send') return error(404, 'Not Found');
    if (request.headers.authorization !== `Bearer ${SENDGRID_TEST_KEY}`)
      return error(401, 'The provided authorization grant is invalid, expired, or revoked');
    if (!String(request.headers['content-type']).startsWith('application/json'))
      return error(415, 'Content-Type should be application/json.');
    const problem = validate(request.json);
    if (problem) return error(400, problem.message, problem.field);
    const scripted = script.next.shift();
    if (scripted) return scripted;
    accepted += 1;
    return { status: 202, headers: { 'x-message-id': `sg-message-${accepted}` }, body: '' };
  };
}

function validate(body: unknown): { message: string; field: string } | undefined {
  const mail = body as
    | {
        personalizations?: { to?: { email?: string }[] }[];
        from?: { email?: string };
        subject?: string;
        content?: { type?: string; value?: string }[];
      }
    | undefined;
  if (!mail?.personalizations?.length || !mail.personalizations[0].to?.length)
    return {
      message: 'The personalizations field is required and must have at least one personalization.',
      field: 'personalizations',
    };
  if (!mail.personalizations[0].to.every((to) => typeof to.email === 'string' && to.email.includes('@')))
    return { message: 'Does not contain a valid address.', field: 'personalizations.0.to.0.email' };
  if (!mail.from?.email) return { message: 'The from object must be provided for every email send.', field: 'from' };
  if (typeof mail.subject !== 'string' || mail.subject === '')
    return { message: 'The subject is required.', field: 'subject' };
  if (!mail.content?.length || mail.content.some((part) => !part.value))
    return {
      message: 'The content value must be a string at least one character in length.',
      field: 'content.0.value',
    };
  const types = mail.content.map((part) => part.type);
  if (types.includes('text/plain') && types.indexOf('text/plain') !== 0)
    return { message: 'The text/plain content type must be first.', field: 'content' };
  return undefined;
}
