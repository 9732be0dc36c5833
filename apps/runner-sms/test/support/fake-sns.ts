import type { ReceivedRequest, RequestResponder, ScriptedResponse } from '@herald/testing';
import aws4 from 'aws4';

/** The IAM keys and region the fake knows. */
export const SNS_TEST_ACCOUNT = {
  apiKey: 'AKIAIOSFODNN7EXAMPLE',
  secretKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  region: 'eu-west-1',
};

/** Answers the fake gives instead of accepting, in order. */
export interface SnsScript {
  next: ScriptedResponse[];
}

/** An AWS query-API error (`text/xml`). */
export const snsError = (
  status: number,
  type: 'Sender' | 'Receiver',
  code: string,
  message: string,
): ScriptedResponse => ({
  status,
  headers: { 'content-type': 'text/xml' },
  body:
    `<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>${type}</Type>` +
    `<Code>${code}</Code><Message>${message}</Message></Error>` +
    `<RequestId>9b9dd3b5-3c3d-5f0e-9a4f-000000000000</RequestId></ErrorResponse>`,
});

/**
 * Amazon SNS's query API as tests need it: the SigV4 signature is recomputed (`aws4`, the
 * request's own `x-amz-date`, service `sns`, the account's region) and compared, then
 * `Action=Publish`, `Version`, an E.164 `PhoneNumber` and a `Message` are required; the answer is
 * the `PublishResponse` XML with a `MessageId`, or AWS's `ErrorResponse` XML.
 */
export function fakeSns(script: SnsScript = { next: [] }): RequestResponder {
  let sent = 0;
  return (request: ReceivedRequest) => {
    const authorization = String(request.headers.authorization ?? '');
    const credential = /Credential=([^/]+)\//.exec(authorization)?.[1];
    if (credential !== SNS_TEST_ACCOUNT.apiKey)
      return snsError(403, 'Sender', 'InvalidClientTokenId', 'The security token included in the request is invalid.');
    const expected = aws4.sign(
      {
        host: String(request.headers.host),
        path: request.path,
        method: request.method,
        service: 'sns',
        region: SNS_TEST_ACCOUNT.region,
        body: request.body,
        headers: {
          'content-type': String(request.headers['content-type']),
          'x-amz-date': String(request.headers['x-amz-date']),
        },
      },
      { accessKeyId: SNS_TEST_ACCOUNT.apiKey, secretAccessKey: SNS_TEST_ACCOUNT.secretKey },
    );
    if (expected.headers?.Authorization !== authorization)
      return snsError(
        403,
        'Sender',
        'SignatureDoesNotMatch',
        'The request signature we calculated does not match the signature you provided.',
      );
    const form = request.form;
    if (form.get('Action') !== 'Publish' || form.get('Version') !== '2010-03-31')
      return snsError(400, 'Sender', 'InvalidAction', 'The action or operation requested is invalid.');
    if (!/^\+[1-9]\d{6,14}$/.test(form.get('PhoneNumber') ?? ''))
      return snsError(
        400,
        'Sender',
        'InvalidParameter',
        'Invalid parameter: PhoneNumber Reason: not a valid phone number',
      );
    if (!form.get('Message')) return snsError(400, 'Sender', 'InvalidParameter', 'Invalid parameter: Empty message');
    const scripted = script.next.shift();
    if (scripted) return scripted;
    sent += 1;
    return {
      status: 200,
      headers: { 'content-type': 'text/xml' },
      body:
        '<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult>' +
        `<MessageId>567910cd-659e-55d4-8ccb-${String(sent).padStart(12, '0')}</MessageId></PublishResult>` +
        '<ResponseMetadata><RequestId>d74b8436-ae13-5ab4-a9ff-ce54dfea72a0</RequestId></ResponseMetadata>' +
        '</PublishResponse>',
    };
  };
}
