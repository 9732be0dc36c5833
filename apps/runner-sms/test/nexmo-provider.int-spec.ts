import { JobStatus } from '@herald/contracts';

import { fakeVonage, VONAGE_TEST_ACCOUNT, vonageRefusal, type VonageScript } from './support/fake-vonage';
import { type SmsTestBed, startSmsTestBed } from './support/sms-test-bed';

describe('runner-sms: Vonage (nexmo)', () => {
  let bed: SmsTestBed;
  const script: VonageScript = { next: [] };

  beforeAll(async () => {
    bed = await startSmsTestBed('runner_sms_nexmo', fakeVonage(script));
  });
  afterAll(async () => bed?.close());
  beforeEach(() => void (script.next.length = 0));

  const nexmo = (credentials: Record<string, unknown> = {}) =>
    bed.integration('nexmo', { ...VONAGE_TEST_ACCOUNT, from: 'Herald', baseUrl: bed.api.url, ...credentials });

  it('posts the SMS API form with key, secret and the delivery key as client-ref', async () => {
    const data = bed.job([nexmo()]);
    const before = bed.api.requests.length;
    await bed.world.dispatch(data);
    expect(await bed.world.outcomeOf(data.jobId)).toMatchObject({
      status: JobStatus.COMPLETED,
      providerId: 'nexmo',
      providerMessageId: expect.stringMatching(/^0A00000012\d{6}$/),
      delivery: { channel: 'sms', recipient: '+15555550100' },
    });
    const request = bed.api.requests[before];
    expect(request.path).toBe('/sms/json');
    expect(Object.fromEntries(request.form)).toEqual({
      api_key: VONAGE_TEST_ACCOUNT.apiKey,
      api_secret: VONAGE_TEST_ACCOUNT.secretKey,
      from: 'Herald',
      to: '15555550100',
      text: 'Grace commented on Notes on the Analytical Engine',
      'client-ref': data.deliveryKey.slice(0, 100),
    });
  });

  it('marks text outside printable ASCII as unicode and drops the + of a numeric sender', async () => {
    const data = bed.job([nexmo({ from: '+447700900001' })], { overrides: { sms: { content: 'Grüße 👋' } } });
    const before = bed.api.requests.length;
    await bed.world.dispatch(data);
    expect(await bed.world.outcomeOf(data.jobId)).toMatchObject({ status: JobStatus.COMPLETED, providerId: 'nexmo' });
    const form = bed.api.requests[before].form;
    expect([form.get('from'), form.get('text'), form.get('type')]).toEqual(['447700900001', 'Grüße 👋', 'unicode']);
  });

  it('reads a refusal from the per-message status of an HTTP 200 answer: invalid number is permanent', async () => {
    const base = bed.job([nexmo(), bed.webhookIntegration()]);
    const data = { ...base, subscriber: { ...base.subscriber, phone: '555-0100' } };
    await bed.world.dispatch(data);
    expect(await bed.world.outcomeOf(data.jobId)).toMatchObject({
      status: JobStatus.FAILED,
      error: {
        code: 'provider_rejected',
        retryable: false,
        message: 'nexmo refused the message: status 3 Invalid to address',
      },
    });
    expect(bed.webhookCallsFor(data)).toHaveLength(0);
  });

  it('treats bad credentials (status 4) as an auth failure that fails over', async () => {
    const data = bed.job([nexmo({ secretKey: 'wrong' }), bed.webhookIntegration()]);
    await bed.world.dispatch(data);
    expect(await bed.world.outcomeOf(data.jobId)).toMatchObject({
      status: JobStatus.COMPLETED,
      providerId: 'sms-webhook',
      detail: expect.stringContaining('failover from nexmo: provider_auth_failed'),
    });
  });

  it.each([
    ['throttled (status 1)', vonageRefusal('1', 'Throughput Rate Exceeded'), 'provider_rate_limited'],
    ['out of credit (status 9)', vonageRefusal('9', 'Quota Exceeded - rejected'), 'provider_quota_exceeded'],
    ['HTTP 503', { status: 503, body: 'Service Unavailable' }, 'provider_unavailable'],
  ])('fails over from Vonage %s to the SMS webhook', async (_label, answer, code) => {
    script.next.push(answer);
    const data = bed.job([nexmo(), bed.webhookIntegration()]);
    await bed.world.dispatch(data);
    expect(await bed.world.outcomeOf(data.jobId)).toMatchObject({
      status: JobStatus.COMPLETED,
      providerId: 'sms-webhook',
      providerMessageId: 'hook-1',
      detail: expect.stringContaining(`failover from nexmo: ${code}`),
    });
    expect(bed.webhookCallsFor(data)).toHaveLength(1);
  });

  it('retries a throttled message when Vonage is the only integration', async () => {
    script.next.push(vonageRefusal('1', 'Throughput Rate Exceeded'));
    const data = bed.job([nexmo()]);
    await bed.world.dispatch(data);
    expect(await bed.world.outcomeOf(data.jobId)).toMatchObject({
      status: JobStatus.FAILED,
      error: { code: 'provider_rate_limited', retryable: true },
    });
  });

  it('refuses an integration without its secret before calling Vonage', async () => {
    const data = bed.job([bed.integration('nexmo', { apiKey: 'k', from: 'Herald', baseUrl: bed.api.url })]);
    const before = bed.api.requests.length;
    await bed.world.dispatch(data);
    expect(await bed.world.outcomeOf(data.jobId)).toMatchObject({
      status: JobStatus.FAILED,
      error: { code: 'integration_misconfigured', retryable: false },
    });
    expect(bed.api.requests.length).toBe(before);
  });
});
