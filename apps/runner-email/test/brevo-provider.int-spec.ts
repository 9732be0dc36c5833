import { JobStatus } from '@herald/contracts';

import { EmailApiWorld, senderOf } from './support/email-api-world';
import { BREVO_EMPTY_ACCOUNT_KEY, BREVO_TEST_KEY, brevoError } from './support/fake-brevo';

describe('runner-email: Brevo (sendinblue)', () => {
  let apis: EmailApiWorld;

  beforeAll(async () => {
    apis = await EmailApiWorld.create('runner_email_brevo', ['sendinblue', 'resend']);
  });
  afterAll(async () => apis?.close());
  beforeEach(() => apis.reset());

  it.each(['sendinblue', 'brevo'])('posts /v3/smtp/email with the api-key under the id %s', async (providerId) => {
    const overrides = { email: { senderName: 'Team', replyTo: 'reply@example.org', text: 'plain' } };
    const data = apis.job([apis.integration('sendinblue', { providerId })], { overrides });
    await apis.world.dispatch(data);
    expect(await apis.world.outcomeOf(data.jobId)).toMatchObject({
      status: JobStatus.COMPLETED,
      providerId,
      providerMessageId: expect.stringMatching(/^<20261206070000\.\d+@smtp-relay\.mailin\.fr>$/),
    });
    const [request] = apis.callsFor('sendinblue', data);
    expect(request.path).toBe('/v3/smtp/email');
    expect(request.headers['api-key']).toBe(BREVO_TEST_KEY);
    expect(request.json).toEqual({
      sender: { email: senderOf('sendinblue'), name: 'Team' },
      to: [{ email: data.subscriber.email }],
      replyTo: { email: 'reply@example.org' },
      subject: 'New comment from Grace',
      htmlContent: '<p>Grace commented.</p>',
      textContent: 'plain',
      headers: {
        idempotencyKey: data.deliveryKey,
        'X-Mailin-custom': `herald_delivery_key:${data.deliveryKey}|herald_job_id:${data.jobId}`,
      },
    });
  });

  it('sends attachments base64-encoded', async () => {
    const pdf = Buffer.from('%PDF-1.4 binary \x00\xff content', 'latin1');
    const ref = await apis.world.storeAttachment(pdf, { name: 'invoice.pdf', mime: 'application/pdf' });
    const data = apis.job([apis.integration('sendinblue')], { attachments: [ref] });
    await apis.world.dispatch(data);
    expect(await apis.world.outcomeOf(data.jobId)).toMatchObject({ status: JobStatus.COMPLETED });
    expect((apis.callsFor('sendinblue', data)[0].json as { attachment: unknown }).attachment).toEqual([
      { name: 'invoice.pdf', content: pdf.toString('base64') },
    ]);
  });

  it('fails permanently on an invalid parameter, with Brevo’s message, without failover', async () => {
    apis.scripts.sendinblue.next.push(brevoError(400, 'invalid_parameter', 'email is not valid in to'));
    const data = apis.job([apis.integration('sendinblue'), apis.integration('resend', { primary: false })]);
    await apis.world.dispatch(data);
    expect(await apis.world.outcomeOf(data.jobId)).toMatchObject({
      status: JobStatus.FAILED,
      error: {
        code: 'provider_rejected',
        retryable: false,
        message: 'sendinblue answered HTTP 400: invalid_parameter: email is not valid in to',
      },
    });
    expect(apis.callsFor('resend', data)).toHaveLength(0);
  });

  it.each([
    [
      'a wrong key',
      'xkeysib-wrong',
      'provider_auth_failed',
      'sendinblue answered HTTP 401: unauthorized: Key not found',
    ],
    [
      'an account without credits',
      BREVO_EMPTY_ACCOUNT_KEY,
      'integration_misconfigured',
      'sendinblue answered HTTP 402: not_enough_credits: Not enough credits',
    ],
  ])('reports %s as the integration’s fault and fails over', async (_what, apiKey, code, message) => {
    const credentials = { apiKey };
    const alone = apis.job([apis.integration('sendinblue', {}, credentials)]);
    await apis.world.dispatch(alone);
    expect(await apis.world.outcomeOf(alone.jobId)).toMatchObject({ error: { code, message, retryable: false } });
    const data = apis.job([
      apis.integration('sendinblue', {}, credentials),
      apis.integration('resend', { primary: false }),
    ]);
    await apis.world.dispatch(data);
    expect(await apis.world.outcomeOf(data.jobId)).toMatchObject({
      status: JobStatus.COMPLETED,
      providerId: 'resend',
      detail: expect.stringContaining(`failover from sendinblue: ${code}`),
    });
  });

  it.each([
    [429, brevoError(429, 'too_many_requests', 'The expected rate limit is exceeded.'), 'provider_rate_limited'],
    [
      502,
      { status: 502, headers: { 'content-type': 'text/html' }, body: '<html>502 Bad Gateway</html>' },
      'provider_unavailable',
    ],
  ])('fails over on HTTP %s to the next integration', async (_status, answer, code) => {
    apis.scripts.sendinblue.next.push(answer);
    const data = apis.job([apis.integration('sendinblue'), apis.integration('resend', { primary: false })]);
    await apis.world.dispatch(data);
    expect(await apis.world.outcomeOf(data.jobId)).toMatchObject({
      status: JobStatus.COMPLETED,
      providerId: 'resend',
      detail: expect.stringContaining(`failover from sendinblue: ${code}`),
    });
    expect(apis.callsFor('resend', data)).toHaveLength(1);
  });
});
