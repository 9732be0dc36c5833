import type { ReceivedRequest, RequestResponder, ScriptedResponse } from '@herald/testing';

/** The server token the fake accepts. */
export const POSTMARK_TEST_TOKEN = 'pm-server-token-0000';

/** Answers the fake gives instead of accepting, in order (then it accepts again). */
export interface PostmarkScript {
  next: ScriptedResponse[];
  /** Confirmed sender signatures. */
  signatures: Set<string>;
}

/** Postmark's error body: `{"ErrorCode": n, "Message": "..."}`. */
export const postmarkError = (status: number, code: number, message: string): ScriptedResponse => ({
  status,
  body: { ErrorCode: code, Message: message },
});

/**
 * Postmark's `POST /email` as tests need it: the `X-Postmark-Server-Token` (else 401 ErrorCode
 * 10), JSON with From (a confirmed sender signature, else 422 ErrorCode 400), To, Subject and a
 * body; answers 200 with `MessageID` and `ErrorCode: 0`.
 */
export function fakePostmark(script: PostmarkScript): RequestResponder {
  let accepted = 0;
  return (request: ReceivedRequest) => {
    if (request.method !== 'POST' || request.path !== '/email') return postmarkError(404, 404, 'Not found');
    if (request.headers['x-postmark-server-token'] !== POSTMARK_TEST_TOKEN)
      return postmarkError(401, 10, 'Request does not contain a valid Server token.');
    if (
      request.headers.accept !== 'application/json' ||
      !String(request.headers['content-type']).startsWith('application/json')
    )
      return postmarkError(415, 0, "Invalid 'Accept' or 'Content-Type' header.");
    const email = request.json as
      { From?: string; To?: string; Subject?: string; HtmlBody?: string; TextBody?: string } | undefined;
    const from = /<([^>]+)>$/.exec(email?.From ?? '')?.[1] ?? email?.From;
    if (!from || !script.signatures.has(from))
      return postmarkError(
        422,
        400,
        `The 'From' address you supplied (${from ?? ''}) is not a Sender Signature on your account. Please add and confirm this address in order to be able to use it in the 'From' field of your messages.`,
      );
    if (!email?.To) return postmarkError(422, 300, 'Zero recipients specified');
    if (!email.HtmlBody && !email.TextBody)
      return postmarkError(422, 300, 'Provide either email TextBody or HtmlBody or both.');
    const scripted = script.next.shift();
    if (scripted) return scripted;
    accepted += 1;
    return {
      status: 200,
      body: {
        To: email.To,
        SubmittedAt: '2026-12-06T07:00:00.0000000-05:00',
        MessageID: `b7bc2f4a-e38e-4336-af7d-pm${String(accepted).padStart(10, '0')}`,
        ErrorCode: 0,
        Message: 'OK',
      },
    };
  };
}
