import { JobStatus } from '@herald/contracts';

import {
  fakeMessagebird,
  MESSAGEBIRD_TEST_KEY,
  messagebirdError,
  type MessagebirdScript,
} from './support/fake-messagebird';
import { type SmsTestBed, startSmsTestBed } from './support/sms-test-bed';

describe('runner-sms: MessageBird', () => {
  let bed: SmsTestBed;
  const script: MessagebirdScript = { next: [] };

  beforeAll(async () => {
    bed = await startSmsTestBed('runner_sms_messagebird', fakeMessagebird(script));
  });
  afterAll(async () => bed?.close());
  beforeEach(() => void (script.next.length = 0));

  const messagebird = (credentials: Record<string, unknown> = {}) =>
    bed.integration('messagebird', {
      accessKey: MESSAGEBIRD_TEST_KEY,
      from: 'Herald',
      baseUrl: bed.api.url,
      ...credentials,
    });

  it('posts originator, recipients, body and the delivery key as reference with AccessKey auth', async () => {
    const data = bed.job([messagebird()]);
    const before = bed.api.requests.length;
    await bed.world.dispatch(data);
    expect(await bed.world.outcomeOf(data.jobId)).toMatchObject({
      status: JobStatus.COMPLETED,
      providerId: 'messagebird',
      providerMessageId: expect.stringMatching(/^e8077d803532c0b5937c639b\d{8}$/),
      delivery: { channel: 'sms', recipient: '+15555550100' },
    });
    const request = bed.api.requests[before];
    expect(request.headers.authorization).toBe(`AccessKey ${MESSAGEBIRD_TEST_KEY}`);
    expect(request.json).toEqual({
      originator: 'Herald',
      recipients: ['15555550100'],
      body: 'Grace commented on Notes on the Analytical Engine',
      reference: data.deliveryKey,
    });
  });

  it('reports unusable recipients (422, code 9) as a permanent failure', async () => {
    const base = bed.job([messagebird(), bed.webhookIntegration()]);
    const data = { ...base, subscriber: { ...base.subscriber, phone: '555-0100' } };
    await bed.world.dispatch(data);
    expect(await bed.world.outcomeOf(data.jobId)).toMatchObject({
      status: JobStatus.FAILED,
      error: {
        code: 'provider_rejected',
        retryable: false,
        message: 'messagebird answered HTTP 422: 9 no (correct) recipients found',
      },
    });
    expect(bed.webhookCallsFor(data)).toHaveLength(0);
  });

  it.each([
    ['a wrong access key (401, code 2)', { accessKey: 'live_wrong' }, undefined, 'provider_auth_failed'],
    ['no balance (402, code 25)', {}, messagebirdError(402, 25, 'Not enough balance'), 'provider_quota_exceeded'],
    ['rate limiting (429)', {}, messagebirdError(429, 429, 'Too many requests'), 'provider_rate_limited'],
    ['an internal error (500, code 99)', {}, messagebirdError(500, 99, 'Internal error'), 'provider_unavailable'],
  ])('fails over from MessageBird on %s to the SMS webhook', async (_label, credentials, answer, code) => {
    if (answer) script.next.push(answer);
    const data = bed.job([messagebird(credentials), bed.webhookIntegration()]);
    await bed.world.dispatch(data);
    expect(await bed.world.outcomeOf(data.jobId)).toMatchObject({
      status: JobStatus.COMPLETED,
      providerId: 'sms-webhook',
      detail: expect.stringContaining(`failover from messagebird: ${code}`),
    });
    expect(bed.webhookCallsFor(data)).toHaveLength(1);
  });
});
