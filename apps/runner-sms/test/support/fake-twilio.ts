import type { ReceivedRequest, RequestResponder, ScriptedResponse } from '@herald/testing';

/** The account the fake knows. */
export const TWILIO_TEST_ACCOUNT = { accountSid: 'AC00000000000000000000000000000001', token: 'twilio-test-token' };

/** Answers the fake gives instead of accepting, in order. */
export interface TwilioScript {
  next: ScriptedResponse[];
}

const twilioError = (status: number, code: number, message: string): ScriptedResponse => ({
  status,
  body: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status },
});

/**
 * Twilio's Messages resource as tests need it: the account route, Basic auth with the account
 * SID and token, form-encoded `To`, `From` or `MessagingServiceSid` and `Body`, E.164 numbers;
 * 201 with a message resource (`sid` "SM…"), or Twilio's error bodies.
 */
export function fakeTwilio(script: TwilioScript = { next: [] }): RequestResponder {
  let created = 0;
  return (request: ReceivedRequest) => {
    const expectedPath = `/2010-04-01/Accounts/${TWILIO_TEST_ACCOUNT.accountSid}/Messages.json`;
    if (request.method !== 'POST' || request.path !== expectedPath)
      return twilioError(404, 20404, 'The requested resource was not found');
    const basic = `Basic ${Buffer.from(`${TWILIO_TEST_ACCOUNT.accountSid}:${TWILIO_TEST_ACCOUNT.token}`).toString('base64')}`;
    if (request.headers.authorization !== basic) return twilioError(401, 20003, 'Authenticate');
    if (!String(request.headers['content-type']).startsWith('application/x-www-form-urlencoded'))
      return twilioError(400, 20001, 'Invalid content type');
    const to = request.form.get('To') ?? '';
    if (!/^\+[1-9]\d{6,14}$/.test(to))
      return twilioError(400, 21211, `The 'To' number ${to} is not a valid phone number.`);
    if (!request.form.get('From') && !request.form.get('MessagingServiceSid'))
      return twilioError(400, 21603, "A 'From' or 'MessagingServiceSid' parameter is required to send a message");
    if (!request.form.get('Body')) return twilioError(400, 21602, 'Message body is required.');
    const scripted = script.next.shift();
    if (scripted) return scripted;
    created += 1;
    return {
      status: 201,
      body: {
        sid: `SM${String(created).padStart(32, '0')}`,
        status: 'queued',
        to,
        from: request.form.get('From'),
        body: request.form.get('Body'),
        account_sid: TWILIO_TEST_ACCOUNT.accountSid,
      },
    };
  };
}
