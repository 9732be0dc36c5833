import type { ReceivedRequest, RequestResponder, ScriptedResponse } from '@herald/testing';

import { fieldValues, parseForm } from './multipart-form';

/** The API key and sending domain the fake accepts. */
export const MAILGUN_TEST_KEY = 'key-herald-test-0000';
export const MAILGUN_TEST_DOMAIN = 'mg.example.com';

/** Answers the fake gives instead of accepting, in order (then it accepts again). */
export interface MailgunScript {
  next: ScriptedResponse[];
}

/** Mailgun's error body: `{"message": "..."}`. */
export const mailgunError = (status: number, message: string): ScriptedResponse => ({ status, body: { message } });

/**
 * Mailgun's `POST /v3/<domain>/messages` as tests need it: basic auth `api:<key>` (else a bare
 * `Forbidden`), a known domain (else 404 "Domain not found"), a url-encoded or multipart form
 * with from/to/subject and a body; answers 200 `{id, message: "Queued. Thank you."}`.
 */
export function fakeMailgun(script: MailgunScript = { next: [] }): RequestResponder {
  let accepted = 0;
  return (request: ReceivedRequest) => {
    const route = /^\/v3\/([^/]+)\/messages$/.exec(request.path);
    if (request.method !== 'POST' || !route) return mailgunError(404, 'Not Found');
    const expected = `Basic ${Buffer.from(`api:${MAILGUN_TEST_KEY}`).toString('base64')}`;
    if (request.headers.authorization !== expected)
      return { status: 401, headers: { 'content-type': 'text/plain' }, body: 'Forbidden' };
    if (route[1] !== MAILGUN_TEST_DOMAIN) return mailgunError(404, `Domain not found: ${route[1]}`);
    const form = parseForm(request);
    for (const field of ['from', 'to', 'subject'])
      if (fieldValues(form, field).length === 0) return mailgunError(400, `'${field}' parameter is missing`);
    if (fieldValues(form, 'html').length === 0 && fieldValues(form, 'text').length === 0)
      return mailgunError(400, "Need at least one of 'text', 'html', 'amp-html' or 'template' parameters specified");
    const scripted = script.next.shift();
    if (scripted) return scripted;
    accepted += 1;
    return {
      status: 200,
      body: { id: `<20261206070000.${accepted}@${MAILGUN_TEST_DOMAIN}>`, message: 'Queued. Thank you.' },
    };
  };
}
