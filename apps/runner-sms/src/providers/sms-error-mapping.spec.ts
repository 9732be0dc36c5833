import { vonageStatusFailure } from './nexmo.provider';
import { snsFailure } from './sns.provider';

const xmlError = (status: number, code: string) => ({
  status,
  headers: {},
  body: `<ErrorResponse><Error><Type>Sender</Type><Code>${code}</Code><Message>m &amp; n</Message></Error></ErrorResponse>`,
});

describe('Vonage status codes', () => {
  it.each([
    ['1', 'provider_rate_limited', true],
    ['5', 'provider_unavailable', true],
    ['9', 'provider_quota_exceeded', true],
    ['4', 'provider_auth_failed', false],
    ['8', 'provider_auth_failed', false],
    ['3', 'provider_rejected', false],
    ['6', 'provider_rejected', false],
    ['99', 'provider_rejected', false],
  ])('status %s → %s (retryable: %s)', (status, code, retryable) => {
    expect(vonageStatusFailure(status, 'text')).toEqual({
      code,
      retryable,
      message: `nexmo refused the message: status ${status} text`,
    });
  });
});

describe('SNS XML errors', () => {
  it.each([
    [400, 'Throttling', 'provider_rate_limited', true],
    [429, 'ThrottledException', 'provider_rate_limited', true],
    [500, 'InternalError', 'provider_unavailable', true],
    [403, 'SignatureDoesNotMatch', 'provider_auth_failed', false],
    [400, 'AuthorizationError', 'provider_auth_failed', false],
    [400, 'InvalidParameter', 'provider_rejected', false],
  ])('%s %s → %s', (status, awsCode, code, retryable) => {
    expect(snsFailure(xmlError(status, awsCode))).toEqual({
      code,
      retryable,
      message: `sns answered HTTP ${status}: ${awsCode} m & n`,
    });
  });
});
