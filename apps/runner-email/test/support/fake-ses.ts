import type { ReceivedRequest, RequestResponder, ScriptedResponse } from '@herald/testing';
import aws4 from 'aws4';

/** The access key pair and region the fake accepts. */
export const SES_TEST_CREDENTIALS = {
  accessKeyId: 'AKIAHERALDTEST000001',
  secretAccessKey: 'herald/test/secret/key+0000000000000000000',
  region: 'eu-west-1',
};

/** Answers the fake gives instead of accepting, in order (then it accepts again). */
export interface SesScript {
  next: ScriptedResponse[];
  /** Identities (addresses) verified for sending. */
  verified: Set<string>;
}

/** An SES v2 error: `x-amzn-ErrorType` names it, the JSON body explains it. */
export const sesError = (status: number, type: string, message: string): ScriptedResponse => ({
  status,
  headers: {
    'content-type': 'application/json',
    'x-amzn-errortype': `${type}:http://internal.amazon.com/coral/com.amazonaws.sesv2/`,
    'x-amzn-requestid': 'a1b2c3d4-test',
  },
  body: JSON.stringify({ message }),
});

const AUTHORIZATION =
  /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/;

/**
 * SES v2 `SendEmail` as tests need it: checks the SigV4 signature by signing the received request
 * again with aws4 (same key, region and service `ses`), then the body, and answers 200 with a
 * `MessageId` or SES's error shapes (403 SignatureDoesNotMatch / UnrecognizedClientException,
 * 400 MessageRejected / BadRequestException, 429 TooManyRequestsException).
 */
export function fakeSes(script: SesScript): RequestResponder {
  let accepted = 0;
  return (request: ReceivedRequest) => {
    if (request.method !== 'POST' || request.path !== '/v2/email/outbound-emails')
      return sesError(404, 'UnknownOperationException', 'Unknown operation');
    const refused = checkSignature(request);
    if (refused) return refused;
    const problem = validate(request.json, script.verified);
    if (problem) return problem;
    const scripted = script.next.shift();
    if (scripted) return scripted;
    accepted += 1;
    return { status: 200, body: { MessageId: `0102018c-ses-${accepted}-000000` } };
  };
}

function checkSignature(request: ReceivedRequest): ScriptedResponse | undefined {
  const match = AUTHORIZATION.exec(String(request.headers.authorization ?? ''));
  if (!match) return sesError(403, 'IncompleteSignatureException', 'Authorization header requires a valid signature.');
  const [, keyId, date, region, service, signedHeaders] = match;
  if (keyId !== SES_TEST_CREDENTIALS.accessKeyId)
    return sesError(403, 'UnrecognizedClientException', 'The security token included in the request is invalid.');
  if (service !== 'ses')
    return sesError(403, 'SignatureDoesNotMatch', "Credential should be scoped to correct service: 'ses'.");
  if (region !== SES_TEST_CREDENTIALS.region)
    return sesError(403, 'SignatureDoesNotMatch', `Credential should be scoped to a valid region, not '${region}'. `);
  const amzDate = String(request.headers['x-amz-date'] ?? '');
  if (!amzDate.startsWith(date))
    return sesError(403, 'SignatureDoesNotMatch', 'Date in Credential scope does not match.');
  const headers: Record<string, string> = {};
  for (const name of signedHeaders.split(';')) headers[name] = String(request.headers[name] ?? '');
  const again = aws4.sign(
    { host: headers.host, path: request.path, method: request.method, service, region, body: request.body, headers },
    { accessKeyId: SES_TEST_CREDENTIALS.accessKeyId, secretAccessKey: SES_TEST_CREDENTIALS.secretAccessKey },
  );
  if (again.headers?.Authorization !== request.headers.authorization)
    return sesError(
      403,
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    );
  return undefined;
}

function validate(body: unknown, verified: Set<string>): ScriptedResponse | undefined {
  const email = body as
    | {
        FromEmailAddress?: string;
        Destination?: { ToAddresses?: string[] };
        Content?: { Simple?: { Subject?: { Data?: string }; Body?: object }; Raw?: { Data?: string } };
      }
    | undefined;
  if (!email?.Content?.Simple && !email?.Content?.Raw?.Data)
    return sesError(
      400,
      'BadRequestException',
      "1 validation error detected: Value null at 'content' failed to satisfy constraint: Member must not be null",
    );
  const from = /<([^>]+)>$/.exec(email.FromEmailAddress ?? '')?.[1] ?? email.FromEmailAddress;
  if (!from) return sesError(400, 'BadRequestException', "Missing required header 'From'.");
  if (!verified.has(from))
    return sesError(
      400,
      'MessageRejected',
      `Email address is not verified. The following identities failed the check in region ${SES_TEST_CREDENTIALS.region.toUpperCase()}: ${from}`,
    );
  if (email.Content.Simple && !email.Destination?.ToAddresses?.length)
    return sesError(400, 'BadRequestException', "Missing final '@domain'");
  return undefined;
}
