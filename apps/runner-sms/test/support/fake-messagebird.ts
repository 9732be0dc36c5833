import type { ReceivedRequest, RequestResponder, ScriptedResponse } from '@herald/testing';

/** The access key the fake knows. */
export const MESSAGEBIRD_TEST_KEY = 'test_gshuPaZoeEG6ovbc8M79w0QyM';

/** Answers the fake gives instead of accepting, in order. */
export interface MessagebirdScript {
  next: ScriptedResponse[];
}

/** MessageBird's error body. */
export const messagebirdError = (
  status: number,
  code: number,
  description: string,
  parameter: string | null = null,
): ScriptedResponse => ({ status, body: { errors: [{ code, description, parameter }] } });

/**
 * MessageBird's `POST /messages` as tests need it: `Authorization: AccessKey …`, JSON
 * `originator`, `recipients` (numbers), `body`; 201 with the message object, or MessageBird's
 * `{errors: [{code, description, parameter}]}` (2 bad key → 401, 9/10 parameters → 422).
 */
export function fakeMessagebird(script: MessagebirdScript = { next: [] }): RequestResponder {
  let sent = 0;
  return (request: ReceivedRequest) => {
    if (request.method !== 'POST' || request.path !== '/messages')
      return messagebirdError(404, 20, 'message not found');
    if (request.headers.authorization !== `AccessKey ${MESSAGEBIRD_TEST_KEY}`)
      return messagebirdError(401, 2, 'Request not allowed (incorrect access_key)');
    const body = request.json as
      { originator?: unknown; recipients?: unknown; body?: unknown; reference?: unknown } | undefined;
    if (!body?.originator) return messagebirdError(422, 9, 'originator is required', 'originator');
    if (!Array.isArray(body.recipients) || !body.recipients.every((r) => /^[1-9]\d{6,14}$/.test(String(r))))
      return messagebirdError(422, 9, 'no (correct) recipients found', 'recipients');
    if (!body.body) return messagebirdError(422, 9, 'body is required', 'body');
    const scripted = script.next.shift();
    if (scripted) return scripted;
    sent += 1;
    const id = `e8077d803532c0b5937c639b${String(sent).padStart(8, '0')}`;
    return {
      status: 201,
      body: {
        id,
        href: `https://rest.messagebird.com/messages/${id}`,
        direction: 'mt',
        type: 'sms',
        originator: body.originator,
        body: body.body,
        reference: body.reference ?? null,
        createdDatetime: new Date().toISOString(),
        recipients: {
          totalCount: body.recipients.length,
          totalSentCount: body.recipients.length,
          items: body.recipients.map((recipient) => ({ recipient: Number(recipient), status: 'sent' })),
        },
      },
    };
  };
}
