import { JobStatus } from '@herald/contracts';

import { fakePlivo, PLIVO_TEST_ACCOUNT, plivoError, type PlivoScript } from './support/fake-plivo';
import { type SmsTestBed, startSmsTestBed } from './support/sms-test-bed';

describe('runner-sms: Plivo', () => {
  let bed: SmsTestBed;
  const script: PlivoScript = { next: [] };

  beforeAll(async () => {
    bed = await startSmsTestBed('runner_sms_plivo', fakePlivo(script));
  });
  afterAll(async () => bed?.close());
  beforeEach(() => void (script.next.length = 0));

  const plivo = (credentials: Record<string, unknown> = {}) =>
    bed.integration('plivo', { ...PLIVO_TEST_ACCOUNT, from: '+14155550123', baseUrl: bed.api.url, ...credentials });

  it('posts src, dst and text to the account’s Message resource with Basic auth', async () => {
    const data = bed.job([plivo()], { overrides: { providers: { plivo: { url: 'https://example.com/status' } } } });
    const before = bed.api.requests.length;
    await bed.world.dispatch(data);
    expect(await bed.world.outcomeOf(data.jobId)).toMatchObject({
      status: JobStatus.COMPLETED,
      providerId: 'plivo',
      providerMessageId: expect.stringMatching(/^db3ce55a-7f1d-11e1-8ea7-\d{12}$/),
      delivery: { channel: 'sms', recipient: '+15555550100' },
    });
    const request = bed.api.requests[before];
    expect(request.path).toBe(`/v1/Account/${PLIVO_TEST_ACCOUNT.accountSid}/Message/`);
    expect(request.headers.authorization).toBe(
      `Basic ${Buffer.from(`${PLIVO_TEST_ACCOUNT.accountSid}:${PLIVO_TEST_ACCOUNT.token}`).toString('base64')}`,
    );
    expect(request.json).toEqual({
      src: '+14155550123',
      dst: '+15555550100',
      text: 'Grace commented on Notes on the Analytical Engine',
      url: 'https://example.com/status',
    });
  });

  it('reports an invalid destination as a permanent failure with Plivo’s error', async () => {
    const base = bed.job([plivo(), bed.webhookIntegration()]);
    const data = { ...base, subscriber: { ...base.subscriber, phone: '555-0100' } };
    await bed.world.dispatch(data);
    expect(await bed.world.outcomeOf(data.jobId)).toMatchObject({
      status: JobStatus.FAILED,
      error: {
        code: 'provider_rejected',
        retryable: false,
        message: 'plivo answered HTTP 400: dst parameter not present or invalid',
      },
    });
    expect(bed.webhookCallsFor(data)).toHaveLength(0);
  });

  it('reports a wrong auth token as an auth failure', async () => {
    const data = bed.job([plivo({ token: 'wrong' })]);
    await bed.world.dispatch(data);
    expect(await bed.world.outcomeOf(data.jobId)).toMatchObject({
      status: JobStatus.FAILED,
      error: { code: 'provider_auth_failed', retryable: false },
    });
  });

  it.each([
    [429, 'too many requests', 'provider_rate_limited'],
    [500, 'internal server error', 'provider_unavailable'],
  ])('fails over from Plivo answering %s to the SMS webhook', async (status, error, code) => {
    script.next.push(plivoError(status, error));
    const data = bed.job([plivo(), bed.webhookIntegration()]);
    await bed.world.dispatch(data);
    expect(await bed.world.outcomeOf(data.jobId)).toMatchObject({
      status: JobStatus.COMPLETED,
      providerId: 'sms-webhook',
      detail: expect.stringContaining(`failover from plivo: ${code}`),
    });
    expect(bed.webhookCallsFor(data)).toHaveLength(1);
  });
});
