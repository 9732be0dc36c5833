import { JobStatus } from '@herald/contracts';

import { EmailApiWorld, senderOf } from './support/email-api-world';
import { POSTMARK_TEST_TOKEN, postmarkError } from './support/fake-postmark';

describe('runner-email: Postmark', () => {
  let apis: EmailApiWorld;

  beforeAll(async () => {
    apis = await EmailApiWorld.create('runner_email_postmark', ['postmark', 'mailgun']);
  });
  afterAll(async () => apis?.close());
  beforeEach(() => apis.reset());

  it('posts /email with the server token and reports the MessageID', async () => {
    const overrides = {
      email: { senderName: 'Team', bcc: ['audit@example.org'], text: 'plain', headers: { 'X-Campaign': 'spring' } },
    };
    const data = apis.job([apis.integration('postmark')], { overrides });
    await apis.world.dispatch(data);
    expect(await apis.world.outcomeOf(data.jobId)).toMatchObject({
      status: JobStatus.COMPLETED,
      providerId: 'postmark',
      providerMessageId: expect.stringMatching(/^b7bc2f4a-e38e-4336-af7d-pm\d{10}$/),
    });
    const [request] = apis.callsFor('postmark', data);
    expect(request.headers['x-postmark-server-token']).toBe(POSTMARK_TEST_TOKEN);
    expect(request.headers.accept).toBe('application/json');
    expect(request.json).toEqual({
      From: `Team <${senderOf('postmark')}>`,
      To: data.subscriber.email,
      Bcc: 'audit@example.org',
      Subject: 'New comment from Grace',
      HtmlBody: '<p>Grace commented.</p>',
      TextBody: 'plain',
      Headers: [{ Name: 'X-Campaign', Value: 'spring' }],
      Metadata: { herald_delivery_key: data.deliveryKey, herald_job_id: data.jobId },
    });
  });

  it('sends attachments base64-encoded', async () => {
    const pdf = Buffer.from('%PDF-1.4 binary \x00\xff content', 'latin1');
    const ref = await apis.world.storeAttachment(pdf, { name: 'invoice.pdf', mime: 'application/pdf' });
    const data = apis.job([apis.integration('postmark')], { attachments: [ref] });
    await apis.world.dispatch(data);
    expect(await apis.world.outcomeOf(data.jobId)).toMatchObject({ status: JobStatus.COMPLETED });
    expect((apis.callsFor('postmark', data)[0].json as { Attachments: unknown }).Attachments).toEqual([
      { Name: 'invoice.pdf', Content: pdf.toString('base64'), ContentType: 'application/pdf' },
    ]);
  });

  it('fails permanently on an inactive recipient (422), with Postmark’s message, without failover', async () => {
    const message = 'You tried to send to recipient(s) that have been marked as inactive.';
    apis.scripts.postmark.next.push(postmarkError(422, 406, message));
    const data = apis.job([apis.integration('postmark'), apis.integration('mailgun', { primary: false })]);
    await apis.world.dispatch(data);
    expect(await apis.world.outcomeOf(data.jobId)).toMatchObject({
      status: JobStatus.FAILED,
      error: {
        code: 'provider_rejected',
        retryable: false,
        message: `postmark answered HTTP 422: ${message} (ErrorCode 406)`,
      },
    });
    expect(apis.callsFor('mailgun', data)).toHaveLength(0);
  });

  it.each([
    [
      'a wrong server token',
      { apiKey: 'wrong' },
      'provider_auth_failed',
      /HTTP 401: Request does not contain a valid Server token/,
    ],
    [
      'a sender without signature',
      { from: 'other@example.com' },
      'integration_misconfigured',
      /HTTP 422: The 'From' address you supplied \(other@example.com\) is not a Sender Signature/,
    ],
  ])('reports %s as the integration’s fault and fails over', async (_what, credentials, code, message) => {
    const alone = apis.job([apis.integration('postmark', {}, credentials)]);
    await apis.world.dispatch(alone);
    expect(await apis.world.outcomeOf(alone.jobId)).toMatchObject({
      error: { code, retryable: false, message: expect.stringMatching(message) },
    });
    const data = apis.job([
      apis.integration('postmark', {}, credentials),
      apis.integration('mailgun', { primary: false }),
    ]);
    await apis.world.dispatch(data);
    expect(await apis.world.outcomeOf(data.jobId)).toMatchObject({
      status: JobStatus.COMPLETED,
      providerId: 'mailgun',
      detail: expect.stringContaining(`failover from postmark: ${code}`),
    });
  });

  it.each([
    [429, postmarkError(429, 0, 'Rate limit exceeded'), 'provider_rate_limited'],
    [500, postmarkError(500, 0, 'Internal server error'), 'provider_unavailable'],
  ])('fails over on HTTP %s to the next integration', async (_status, answer, code) => {
    apis.scripts.postmark.next.push(answer);
    const data = apis.job([apis.integration('postmark'), apis.integration('mailgun', { primary: false })]);
    await apis.world.dispatch(data);
    expect(await apis.world.outcomeOf(data.jobId)).toMatchObject({
      status: JobStatus.COMPLETED,
      providerId: 'mailgun',
      detail: expect.stringContaining(`failover from postmark: ${code}`),
    });
    expect(apis.callsFor('mailgun', data)).toHaveLength(1);
  });
});
