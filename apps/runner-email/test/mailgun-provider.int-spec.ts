import { JobStatus } from '@herald/contracts';

import { EmailApiWorld, senderOf } from './support/email-api-world';
import { MAILGUN_TEST_DOMAIN, MAILGUN_TEST_KEY, mailgunError } from './support/fake-mailgun';
import { fieldValues, parseForm } from './support/multipart-form';

describe('runner-email: Mailgun', () => {
  let apis: EmailApiWorld;

  beforeAll(async () => {
    apis = await EmailApiWorld.create('runner_email_mailgun', ['mailgun', 'ses']);
  });
  afterAll(async () => apis?.close());
  beforeEach(() => apis.reset());

  it('posts a url-encoded form with basic auth and reports the message id', async () => {
    const overrides = { email: { senderName: 'Team', cc: 'copy@example.org', replyTo: 'reply@example.org' } };
    const data = apis.job([apis.integration('mailgun')], { overrides });
    await apis.world.dispatch(data);
    expect(await apis.world.outcomeOf(data.jobId)).toMatchObject({
      status: JobStatus.COMPLETED,
      providerId: 'mailgun',
      providerMessageId: expect.stringMatching(/^<20261206070000\.\d+@mg\.example\.com>$/),
    });
    const [request] = apis.callsFor('mailgun', data);
    expect(request.path).toBe(`/v3/${MAILGUN_TEST_DOMAIN}/messages`);
    expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(request.headers.authorization).toBe(`Basic ${Buffer.from(`api:${MAILGUN_TEST_KEY}`).toString('base64')}`);
    expect(parseForm(request).fields).toEqual([
      ['from', `Team <${senderOf('mailgun')}>`],
      ['to', data.subscriber.email],
      ['cc', 'copy@example.org'],
      ['subject', 'New comment from Grace'],
      ['html', '<p>Grace commented.</p>'],
      ['h:Reply-To', 'reply@example.org'],
      ['h:Message-Id', `<${data.deliveryKey}@mg.example.com>`],
      ['v:herald_delivery_key', data.deliveryKey],
      ['v:herald_job_id', data.jobId],
    ]);
  });

  it('sends attachments as multipart/form-data', async () => {
    const pdf = Buffer.from('%PDF-1.4 binary \x00\xff content', 'latin1');
    const ref = await apis.world.storeAttachment(pdf, { name: 'invoice.pdf', mime: 'application/pdf' });
    const data = apis.job([apis.integration('mailgun')], { attachments: [ref] });
    await apis.world.dispatch(data);
    expect(await apis.world.outcomeOf(data.jobId)).toMatchObject({ status: JobStatus.COMPLETED });
    const [request] = apis.callsFor('mailgun', data);
    expect(request.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    const form = parseForm(request);
    expect(fieldValues(form, 'subject')).toEqual(['New comment from Grace']);
    expect(fieldValues(form, 'v:herald_delivery_key')).toEqual([data.deliveryKey]);
    expect(form.files).toEqual([
      { name: 'attachment', filename: 'invoice.pdf', contentType: 'application/pdf', content: pdf },
    ]);
  });

  it('fails permanently on a 400 with Mailgun’s message, without failover', async () => {
    apis.scripts.mailgun.next.push(
      mailgunError(400, 'to parameter is not a valid address. please check documentation'),
    );
    const data = apis.job([apis.integration('mailgun'), apis.integration('ses', { primary: false })]);
    await apis.world.dispatch(data);
    expect(await apis.world.outcomeOf(data.jobId)).toMatchObject({
      status: JobStatus.FAILED,
      error: {
        code: 'provider_rejected',
        retryable: false,
        message: 'mailgun answered HTTP 400: to parameter is not a valid address. please check documentation',
      },
    });
    expect(apis.callsFor('ses', data)).toHaveLength(0);
  });

  it.each([
    ['a wrong key', { apiKey: 'key-wrong' }, 'provider_auth_failed', 'mailgun answered HTTP 401: Forbidden'],
    [
      'an unknown domain',
      { domain: 'other.example.com' },
      'integration_misconfigured',
      'mailgun answered HTTP 404: Domain not found: other.example.com',
    ],
  ])('reports %s as the integration’s fault and fails over', async (_what, credentials, code, message) => {
    const alone = apis.job([apis.integration('mailgun', {}, credentials)]);
    await apis.world.dispatch(alone);
    expect(await apis.world.outcomeOf(alone.jobId)).toMatchObject({ error: { code, message, retryable: false } });
    const data = apis.job([apis.integration('mailgun', {}, credentials), apis.integration('ses', { primary: false })]);
    await apis.world.dispatch(data);
    expect(await apis.world.outcomeOf(data.jobId)).toMatchObject({
      status: JobStatus.COMPLETED,
      providerId: 'ses',
      detail: expect.stringContaining(`failover from mailgun: ${code}`),
    });
  });

  it.each([
    [429, mailgunError(429, 'Too many requests'), 'provider_rate_limited'],
    [
      503,
      { status: 503, headers: { 'content-type': 'text/html' }, body: '<html>503 Service Unavailable</html>' },
      'provider_unavailable',
    ],
  ])('fails over on HTTP %s to the next integration', async (_status, answer, code) => {
    apis.scripts.mailgun.next.push(answer);
    const data = apis.job([apis.integration('mailgun'), apis.integration('ses', { primary: false })]);
    await apis.world.dispatch(data);
    expect(await apis.world.outcomeOf(data.jobId)).toMatchObject({
      status: JobStatus.COMPLETED,
      providerId: 'ses',
      detail: expect.stringContaining(`failover from mailgun: ${code}`),
    });
    expect(apis.callsFor('ses', data)).toHaveLength(1);
  });

  it('refuses an integration without a sending domain before sending', async () => {
    const data = apis.job([apis.integration('mailgun', {}, { domain: '' })]);
    await apis.world.dispatch(data);
    expect(await apis.world.outcomeOf(data.jobId)).toMatchObject({
      status: JobStatus.FAILED,
      error: {
        code: 'integration_misconfigured',
        message: 'mailgun integration: credentials.domain must be the sending domain',
      },
    });
  });
});
