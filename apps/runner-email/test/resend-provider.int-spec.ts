import { JobStatus } from '@herald/contracts';

import { EmailApiWorld, senderOf } from './support/email-api-world';
import { RESEND_TEST_KEY, resendError } from './support/fake-resend';

describe('runner-email: Resend', () => {
  let apis: EmailApiWorld;

  beforeAll(async () => {
    apis = await EmailApiWorld.create('runner_email_resend', ['resend', 'postmark']);
  });
  afterAll(async () => apis?.close());
  beforeEach(() => apis.reset());

  it('posts /emails with the bearer key and the delivery key as Idempotency-Key', async () => {
    const overrides = { email: { senderName: 'Team', replyTo: 'reply@example.org', cc: 'copy@example.org' } };
    const data = apis.job([apis.integration('resend')], { overrides });
    await apis.world.dispatch(data);
    expect(await apis.world.outcomeOf(data.jobId)).toMatchObject({
      status: JobStatus.COMPLETED,
      providerId: 'resend',
      providerMessageId: expect.stringMatching(/^4ef9a417-02e9-4d39-ad75-resend\d{6}$/),
    });
    const [request] = apis.callsFor('resend', data);
    expect(request.path).toBe('/emails');
    expect(request.headers.authorization).toBe(`Bearer ${RESEND_TEST_KEY}`);
    expect(request.headers['idempotency-key']).toBe(data.deliveryKey);
    expect(request.json).toEqual({
      from: `Team <${senderOf('resend')}>`,
      to: [data.subscriber.email],
      cc: ['copy@example.org'],
      reply_to: 'reply@example.org',
      subject: 'New comment from Grace',
      html: '<p>Grace commented.</p>',
      tags: [
        { name: 'herald_delivery_key', value: data.deliveryKey },
        { name: 'herald_job_id', value: data.jobId },
      ],
    });
  });

  it('sends attachments base64-encoded', async () => {
    const pdf = Buffer.from('%PDF-1.4 binary \x00\xff content', 'latin1');
    const ref = await apis.world.storeAttachment(pdf, { name: 'invoice.pdf', mime: 'application/pdf' });
    const data = apis.job([apis.integration('resend')], { attachments: [ref] });
    await apis.world.dispatch(data);
    expect(await apis.world.outcomeOf(data.jobId)).toMatchObject({ status: JobStatus.COMPLETED });
    expect((apis.callsFor('resend', data)[0].json as { attachments: unknown }).attachments).toEqual([
      { filename: 'invoice.pdf', content: pdf.toString('base64'), content_type: 'application/pdf' },
    ]);
  });

  it('fails permanently on a validation error, with Resend’s message, without failover', async () => {
    const message = 'Invalid `to` field. The email address needs to follow the `email@example.com` format.';
    apis.scripts.resend.next.push(resendError(422, 'validation_error', message));
    const data = apis.job([apis.integration('resend'), apis.integration('postmark', { primary: false })]);
    await apis.world.dispatch(data);
    expect(await apis.world.outcomeOf(data.jobId)).toMatchObject({
      status: JobStatus.FAILED,
      error: {
        code: 'provider_rejected',
        retryable: false,
        message: `resend answered HTTP 422: validation_error: ${message}`,
      },
    });
    expect(apis.callsFor('postmark', data)).toHaveLength(0);
  });

  it.each([
    [
      'an invalid key',
      { apiKey: 're_wrong' },
      'provider_auth_failed',
      'resend answered HTTP 403: invalid_api_key: API key is invalid',
    ],
    [
      'an unverified domain',
      { from: 'news@unverified.example' },
      'integration_misconfigured',
      'resend answered HTTP 403: validation_error: The unverified.example domain is not verified. Please, add and verify your domain on https://resend.com/domains',
    ],
  ])('reports %s as the integration’s fault and fails over', async (_what, credentials, code, message) => {
    const alone = apis.job([apis.integration('resend', {}, credentials)]);
    await apis.world.dispatch(alone);
    expect(await apis.world.outcomeOf(alone.jobId)).toMatchObject({ error: { code, message, retryable: false } });
    const data = apis.job([
      apis.integration('resend', {}, credentials),
      apis.integration('postmark', { primary: false }),
    ]);
    await apis.world.dispatch(data);
    expect(await apis.world.outcomeOf(data.jobId)).toMatchObject({
      status: JobStatus.COMPLETED,
      providerId: 'postmark',
      detail: expect.stringContaining(`failover from resend: ${code}`),
    });
  });

  it.each([
    [
      429,
      resendError(429, 'rate_limit_exceeded', 'Too many requests. You can only make 2 requests per second.'),
      'provider_rate_limited',
    ],
    [500, resendError(500, 'application_error', 'An unexpected error occurred.'), 'provider_unavailable'],
  ])('fails over on HTTP %s to the next integration', async (_status, answer, code) => {
    apis.scripts.resend.next.push(answer);
    const data = apis.job([apis.integration('resend'), apis.integration('postmark', { primary: false })]);
    await apis.world.dispatch(data);
    expect(await apis.world.outcomeOf(data.jobId)).toMatchObject({
      status: JobStatus.COMPLETED,
      providerId: 'postmark',
      detail: expect.stringContaining(`failover from resend: ${code}`),
    });
    expect(apis.callsFor('postmark', data)).toHaveLength(1);
  });
});
