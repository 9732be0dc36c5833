import { JobStatus } from '@herald/contracts';

import { fakeSns, SNS_TEST_ACCOUNT, snsError, type SnsScript } from './support/fake-sns';
import { type SmsTestBed, startSmsTestBed } from './support/sms-test-bed';

describe('runner-sms: Amazon SNS', () => {
  let bed: SmsTestBed;
  const script: SnsScript = { next: [] };

  beforeAll(async () => {
    bed = await startSmsTestBed('runner_sms_sns', fakeSns(script));
  });
  afterAll(async () => bed?.close());
  beforeEach(() => void (script.next.length = 0));

  const sns = (credentials: Record<string, unknown> = {}) =>
    bed.integration('sns', { ...SNS_TEST_ACCOUNT, baseUrl: `${bed.api.url}/`, ...credentials });

  it('publishes to the phone number with a SigV4-signed query-API call and reads the XML MessageId', async () => {
    const data = bed.job([sns({ from: 'Herald' })]);
    const before = bed.api.requests.length;
    await bed.world.dispatch(data);
    expect(await bed.world.outcomeOf(data.jobId)).toMatchObject({
      status: JobStatus.COMPLETED,
      providerId: 'sns',
      providerMessageId: expect.stringMatching(/^567910cd-659e-55d4-8ccb-\d{12}$/),
      delivery: { channel: 'sms', recipient: '+15555550100' },
    });
    const request = bed.api.requests[before];
    expect(request.headers.authorization).toMatch(
      new RegExp(
        `^AWS4-HMAC-SHA256 Credential=${SNS_TEST_ACCOUNT.apiKey}/\\d{8}/eu-west-1/sns/aws4_request, ` +
          'SignedHeaders=[a-z;-]+, Signature=[0-9a-f]{64}$',
      ),
    );
    expect(Object.fromEntries(request.form)).toEqual({
      Action: 'Publish',
      Version: '2010-03-31',
      PhoneNumber: '+15555550100',
      Message: 'Grace commented on Notes on the Analytical Engine',
      'MessageAttributes.entry.1.Name': 'AWS.SNS.SMS.SenderID',
      'MessageAttributes.entry.1.Value.DataType': 'String',
      'MessageAttributes.entry.1.Value.StringValue': 'Herald',
    });
  });

  it('reports an XML InvalidParameter error as a permanent failure', async () => {
    const base = bed.job([sns(), bed.webhookIntegration()]);
    const data = { ...base, subscriber: { ...base.subscriber, phone: '555-0100' } };
    await bed.world.dispatch(data);
    expect(await bed.world.outcomeOf(data.jobId)).toMatchObject({
      status: JobStatus.FAILED,
      error: {
        code: 'provider_rejected',
        retryable: false,
        message:
          'sns answered HTTP 400: InvalidParameter Invalid parameter: PhoneNumber Reason: not a valid phone number',
      },
    });
    expect(bed.webhookCallsFor(data)).toHaveLength(0);
  });

  it('treats a signature made with the wrong secret as an auth failure and fails over', async () => {
    const data = bed.job([sns({ secretKey: 'not-the-secret' }), bed.webhookIntegration()]);
    await bed.world.dispatch(data);
    expect(await bed.world.outcomeOf(data.jobId)).toMatchObject({
      status: JobStatus.COMPLETED,
      providerId: 'sms-webhook',
      detail: expect.stringContaining('failover from sns: provider_auth_failed'),
    });
  });

  it.each([
    ['Throttling sent as HTTP 400', snsError(400, 'Sender', 'Throttling', 'Rate exceeded'), 'provider_rate_limited'],
    ['InternalError (500)', snsError(500, 'Receiver', 'InternalError', 'Internal failure'), 'provider_unavailable'],
  ])('fails over from SNS on %s to the SMS webhook', async (_label, answer, code) => {
    script.next.push(answer);
    const data = bed.job([sns(), bed.webhookIntegration()]);
    await bed.world.dispatch(data);
    expect(await bed.world.outcomeOf(data.jobId)).toMatchObject({
      status: JobStatus.COMPLETED,
      providerId: 'sms-webhook',
      detail: expect.stringContaining(`failover from sns: ${code}`),
    });
    expect(bed.webhookCallsFor(data)).toHaveLength(1);
  });
});
