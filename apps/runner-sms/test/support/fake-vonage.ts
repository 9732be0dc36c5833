import type { ReceivedRequest, RequestResponder, ScriptedResponse } from '@herald/testing';

/** The account the fake knows. */
export const VONAGE_TEST_ACCOUNT = { apiKey: 'a1b2c3d4', secretKey: 'vonage-test-secret' };

/** Answers the fake gives instead of accepting, in order. */
export interface VonageScript {
  next: ScriptedResponse[];
}

/** Vonage's answer for one refused message: HTTP 200, the refusal in the part's `status`. */
export const vonageRefusal = (status: string, errorText: string): ScriptedResponse => ({
  status: 200,
  body: { 'message-count': '1', messages: [{ status, 'error-text': errorText }] },
});

/**
 * Vonage's SMS API (`POST /sms/json`) as tests need it: `api_key`/`api_secret` in the form,
 * `to` as digits without `+`, `from` and `text` required; HTTP 200 for everything it parsed,
 * with a per-message `status` (0 accepted, 2 missing parameter, 3 invalid parameter, 4 invalid
 * credentials, ...) — Vonage's own way of refusing.
 */
export function fakeVonage(script: VonageScript = { next: [] }): RequestResponder {
  let sent = 0;
  return (request: ReceivedRequest) => {
    if (request.method !== 'POST' || request.path !== '/sms/json') return { status: 404, body: 'Not Found' };
    const form = request.form;
    if (!form.get('api_key') || !form.get('api_secret')) return vonageRefusal('2', 'Missing api_key');
    if (form.get('api_key') !== VONAGE_TEST_ACCOUNT.apiKey || form.get('api_secret') !== VONAGE_TEST_ACCOUNT.secretKey)
      return vonageRefusal('4', 'Bad Credentials');
    for (const field of ['from', 'to', 'text'])
      if (!form.get(field)) return vonageRefusal('2', `Missing ${field} param`);
    const to = form.get('to') ?? '';
    if (!/^\d{7,15}$/.test(to)) return vonageRefusal('3', 'Invalid to address');
    const scripted = script.next.shift();
    if (scripted) return scripted;
    sent += 1;
    return {
      status: 200,
      body: {
        'message-count': '1',
        messages: [
          {
            to,
            'message-id': `0A00000012${String(sent).padStart(6, '0')}`,
            status: '0',
            'remaining-balance': '3.14159265',
            'message-price': '0.03330000',
            network: '23410',
            'client-ref': form.get('client-ref') ?? undefined,
          },
        ],
      },
    };
  };
}
