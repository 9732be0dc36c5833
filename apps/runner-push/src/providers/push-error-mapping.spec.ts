import { apnsFailure } from './apns.provider';
import { ticketFailure } from './expo.provider';

describe('APNs reasons', () => {
  it.each([
    [400, 'BadDeviceToken', 'provider_rejected', false],
    [410, 'Unregistered', 'provider_rejected', false],
    [400, 'BadTopic', 'integration_misconfigured', false],
    [403, 'ExpiredProviderToken', 'provider_auth_failed', false],
    [429, 'TooManyRequests', 'provider_rate_limited', true],
    [500, 'InternalServerError', 'provider_unavailable', true],
  ])('%s %s → %s', (status, reason, code, retryable) => {
    expect(apnsFailure({ status, headers: {}, body: JSON.stringify({ reason }) })).toMatchObject({ code, retryable });
  });
});

describe('Expo tickets', () => {
  it.each([
    ['DeviceNotRegistered', 'provider_rejected', false],
    ['MessageRateExceeded', 'provider_rate_limited', true],
    ['InvalidCredentials', 'provider_auth_failed', false],
    ['SomethingNew', 'provider_rejected', false],
  ])('%s → %s', (error, code, retryable) => {
    expect(ticketFailure({ status: 'error', message: 'm', details: { error } })).toEqual({
      code,
      retryable,
      message: `expo refused the message: ${error}: m`,
    });
  });
});
