import { JobStatus } from '@herald/contracts';
import { type HttpReceiver, startHttpReceiver } from '@herald/testing';

import {
  EXPO_TEST_ACCESS_TOKEN,
  expoRequestError,
  type ExpoScript,
  fakeExpo,
  UNREGISTERED_EXPO_TOKEN,
} from './support/fake-expo';
import { type PushTestBed, startPushTestBed } from './support/push-test-bed';

describe('runner-push: Expo', () => {
  let bed: PushTestBed;
  let expo: HttpReceiver;
  const script: ExpoScript = { next: [] };

  beforeAll(async () => {
    bed = await startPushTestBed('runner_push_expo');
    expo = await startHttpReceiver(fakeExpo(script));
  });
  afterAll(async () => {
    await expo?.close();
    await bed?.close();
  });
  beforeEach(() => void (script.next.length = 0));

  const expoIntegration = (credentials: Record<string, unknown> = {}) =>
    bed.integration('expo', { apiKey: EXPO_TEST_ACCESS_TOKEN, baseUrl: expo.url, ...credentials });
  const tokens = (...deviceTokens: string[]) => [{ providerId: 'expo', credentials: { deviceTokens } }];
  const sentTo = (token: string) =>
    expo.requests.flatMap((request) =>
      Array.isArray(request.json) ? (request.json as { to: string }[]).filter((m) => m.to === token) : [],
    );

  it('sends one message per Expo token with the access token, and reports the ticket ids', async () => {
    const data = bed.job([expoIntegration()], tokens('ExponentPushToken[aaaa]', 'ExponentPushToken[bbbb]'), {
      controls: { subject: 'Hi {{subscriber.firstName}}', body: '{{payload.author}} commented', data: { id: '7' } },
      overrides: { providers: { expo: { sound: 'default', priority: 'high' } } },
    });
    const before = expo.requests.length;
    await bed.world.dispatch(data);
    const outcome = await bed.world.outcomeOf(data.jobId);
    expect(outcome).toMatchObject({
      status: JobStatus.COMPLETED,
      providerId: 'expo',
      delivery: { channel: 'push', recipient: data.subscriber.subscriberId },
    });
    expect(outcome.providerMessageId?.split(',')).toHaveLength(2);
    const request = expo.requests[before];
    expect(request.headers.authorization).toBe(`Bearer ${EXPO_TEST_ACCESS_TOKEN}`);
    expect(request.json).toEqual([
      {
        to: 'ExponentPushToken[aaaa]',
        title: 'Hi Ada',
        body: 'Grace commented',
        data: { id: '7' },
        sound: 'default',
        priority: 'high',
      },
      expect.objectContaining({ to: 'ExponentPushToken[bbbb]' }),
    ]);
  });

  it('delivers when one device is not registered, and fails permanently when none is', async () => {
    const mixed = bed.job([expoIntegration()], tokens(UNREGISTERED_EXPO_TOKEN, 'ExponentPushToken[cccc]'));
    await bed.world.dispatch(mixed);
    expect(await bed.world.outcomeOf(mixed.jobId)).toMatchObject({ status: JobStatus.COMPLETED, providerId: 'expo' });

    const gone = bed.job([expoIntegration(), bed.webhookIntegration()], tokens(UNREGISTERED_EXPO_TOKEN));
    await bed.world.dispatch(gone);
    expect(await bed.world.outcomeOf(gone.jobId)).toMatchObject({
      status: JobStatus.FAILED,
      error: {
        code: 'provider_rejected',
        retryable: false,
        message: `expo refused the message: DeviceNotRegistered: "${UNREGISTERED_EXPO_TOKEN}" is not a registered push notification recipient`,
      },
    });
    expect(bed.webhookCallsFor(gone)).toHaveLength(0);
  });

  it.each([
    ['a rejected access token (401)', { apiKey: 'wrong' }, undefined, 'provider_auth_failed'],
    [
      'too many requests (429)',
      {},
      expoRequestError(429, 'TOO_MANY_REQUESTS', 'Too many requests'),
      'provider_rate_limited',
    ],
    [
      'a rate-limited ticket (MessageRateExceeded)',
      {},
      {
        status: 200,
        body: {
          data: [{ status: 'error', message: 'Rate exceeded', details: { error: 'MessageRateExceeded' } }],
        },
      },
      'provider_rate_limited',
    ],
    ['an outage (503)', {}, expoRequestError(503, 'INTERNAL_SERVER_ERROR', 'Unavailable'), 'provider_unavailable'],
  ])('fails over from Expo on %s to the push webhook', async (_label, credentials, answer, code) => {
    if (answer) script.next.push(answer);
    const data = bed.job([expoIntegration(credentials), bed.webhookIntegration()], tokens('ExponentPushToken[dddd]'));
    await bed.world.dispatch(data);
    expect(await bed.world.outcomeOf(data.jobId)).toMatchObject({
      status: JobStatus.COMPLETED,
      providerId: 'push-webhook',
      detail: expect.stringContaining(`failover from expo: ${code}`),
    });
    expect(bed.webhookCallsFor(data)).toHaveLength(1);
    expect(sentTo('ExponentPushToken[dddd]').length).toBeGreaterThan(0);
  });
});
