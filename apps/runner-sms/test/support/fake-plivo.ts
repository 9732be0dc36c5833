import type { ReceivedRequest, RequestResponder, ScriptedResponse } from '@herald/testing';

/** The account the fake knows. */
export const PLIVO_TEST_ACCOUNT = { accountSid: 'MAXXXXXXXXXXXXXXXXXX', token: 'plivo-test-token' };

/** Answers the fake gives instead of accepting, in order. */
export interface PlivoScript {
  next: ScriptedResponse[];
}

/** Plivo's error body. */
export const plivoError = (status: number, error: string): ScriptedResponse => ({
  status,
  body: { api_id: '2b1c9d1a-0000-11ee-0000-0242ac110002', error },
});

/**
 * Plivo's Message API as tests need it: `POST /v1/Account/{auth_id}/Message/` with Basic auth,
 * JSON `src`, `dst`, `text`; 202 `{api_id, message, message_uuid: [...]}`, or Plivo's error
 * bodies (401 is Plivo's plain-text login page).
 */
export function fakePlivo(script: PlivoScript = { next: [] }): RequestResponder {
  let sent = 0;
  return (request: ReceivedRequest) => {
    if (request.method !== 'POST' || request.path !== `/v1/Account/${PLIVO_TEST_ACCOUNT.accountSid}/Message/`)
      return plivoError(404, 'not found');
    const basic = `Basic ${Buffer.from(`${PLIVO_TEST_ACCOUNT.accountSid}:${PLIVO_TEST_ACCOUNT.token}`).toString('base64')}`;
    if (request.headers.authorization !== basic)
      return {
        status: 401,
        body: 'Could not verify your access level for that URL.\nYou have to login with proper credentials',
      };
    const body = request.json as { src?: unknown; dst?: unknown; text?: unknown } | undefined;
    if (!body) return plivoError(400, 'invalid json data sent');
    if (!body.src) return plivoError(400, 'src parameter not present');
    if (typeof body.dst !== 'string' || !/^\+?[1-9]\d{6,14}$/.test(body.dst))
      return plivoError(400, 'dst parameter not present or invalid');
    if (!body.text) return plivoError(400, 'text parameter not present');
    const scripted = script.next.shift();
    if (scripted) return scripted;
    sent += 1;
    return {
      status: 202,
      body: {
        api_id: '2b1c9d1a-0000-11ee-0000-0242ac110002',
        message: 'message(s) queued',
        message_uuid: [`db3ce55a-7f1d-11e1-8ea7-${String(sent).padStart(12, '0')}`],
      },
    };
  };
}
