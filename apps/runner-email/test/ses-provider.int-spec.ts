import { JobStatus } from '@herald/contracts';

import { EmailApiWorld, senderOf } from './support/email-api-world';
import { sesError } from './support/fake-ses';

describe('runner-email: Amazon SES (v2 API, SigV4)', () => {
  let apis: EmailApiWorld;

  beforeAll(async () => {
    apis = await EmailApiWorld.create('runner_email_ses', ['ses', 'sendgrid']);
  });
  afterAll(async () => apis?.close());
  beforeEach(() => apis.reset());

  it('sends SendEmail signed for ses in the integration region and reports the MessageId', async () => {
    const data = apis.job([apis.integration('ses')], { overrides: { email: { senderName: 'Team', text: 'plain' } } });
    await apis.world.dispatch(data);
    expect(await apis.world.outcomeOf(data.jobId)).toMatchObject({
      status: JobStatus.COMPLETED,
      providerId: 'ses',
      providerMessageId: expect.stringMatching(/^0102018c-ses-\d+-000000$/),
    });
    const [request] = apis.callsFor('ses', data);
    expect(request.path).toBe('/v2/email/outbound-emails');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIAHERALDTEST000001\/\d{8}\/eu-west-1\/ses\/aws4_request, SignedHeaders=[a-z;-]*host[a-z;-]*x-amz-date, Signature=[0-9a-f]{64}$/,
    );
    expect(request.json).toEqual({
      FromEmailAddress: `Team <${senderOf('ses')}>`,
      Destination: { ToAddresses: [data.subscriber.email] },
      Content: {
        Simple: {
          Subject: { Data: 'New comment from Grace', Charset: 'UTF-8' },
          Body: {
            Html: { Data: '<p>Grace commented.</p>', Charset: 'UTF-8' },
            Text: { Data: 'plain', Charset: 'UTF-8' },
          },
        },
      },
      EmailTags: [
        { Name: 'herald_delivery_key', Value: data.deliveryKey },
        { Name: 'herald_job_id', Value: data.jobId },
      ],
    });
  });

  it('sends attachments as raw MIME with a Message-ID from the delivery key', async () => {
    const pdf = Buffer.from('%PDF-1.4 binary \x00\xff content', 'latin1');
    const ref = await apis.world.storeAttachment(pdf, { name: 'invoice.pdf', mime: 'application/pdf' });
    const data = apis.job([apis.integration('ses')], { attachments: [ref] });
    await apis.world.dispatch(data);
    expect(await apis.world.outcomeOf(data.jobId)).toMatchObject({ status: JobStatus.COMPLETED, providerId: 'ses' });
    const body = apis.callsFor('ses', data)[0].json as { Content: { Raw: { Data: string } } };
    // Unfolded: long header lines continue on the next line.
    const mime = Buffer.from(body.Content.Raw.Data, 'base64')
      .toString('utf8')
      .replace(/\r\n[ \t]+/g, ' ');
    expect(mime).toMatch(/Content-Type: application\/pdf; name=invoice\.pdf/);
    expect(mime).toContain('Subject: New comment from Grace');
    expect(mime).toContain(`X-Herald-Delivery-Key: ${data.deliveryKey}`);
    expect(mime).toContain(`Message-ID: <${data.deliveryKey}@example.com>`);
    expect(mime.replace(/\s+/g, '')).toContain(pdf.toString('base64'));
  });

  it('fails permanently on MessageRejected, with SES’s message, and does not fail over', async () => {
    apis.scripts.ses.next.push(sesError(400, 'MessageRejected', 'Illegal address'));
    const data = apis.job([apis.integration('ses'), apis.integration('sendgrid', { primary: false })]);
    await apis.world.dispatch(data);
    expect(await apis.world.outcomeOf(data.jobId)).toMatchObject({
      status: JobStatus.FAILED,
      providerId: 'ses',
      error: {
        code: 'provider_rejected',
        retryable: false,
        message: 'ses answered HTTP 400: MessageRejected: Illegal address',
      },
    });
    expect(apis.callsFor('sendgrid', data)).toHaveLength(0);
  });

  it.each([
    [
      'a wrong secret key',
      { secretKey: 'not-the-secret' },
      /SignatureDoesNotMatch: The request signature we calculated/,
    ],
    [
      'the wrong region',
      { region: 'us-east-1' },
      /SignatureDoesNotMatch: Credential should be scoped to a valid region/,
    ],
    ['an unknown access key', { apiKey: 'AKIAUNKNOWN' }, /UnrecognizedClientException: The security token/],
  ])('reports %s as an auth failure', async (_what, credentials, message) => {
    const data = apis.job([apis.integration('ses', {}, credentials)]);
    await apis.world.dispatch(data);
    expect(await apis.world.outcomeOf(data.jobId)).toMatchObject({
      status: JobStatus.FAILED,
      error: { code: 'provider_auth_failed', retryable: false, message: expect.stringMatching(message) },
    });
  });

  it('treats an unverified sender as the integration’s fault and fails over', async () => {
    const data = apis.job([
      apis.integration('ses', {}, { from: 'nobody@unverified.example' }),
      apis.integration('sendgrid', { primary: false }),
    ]);
    await apis.world.dispatch(data);
    expect(await apis.world.outcomeOf(data.jobId)).toMatchObject({
      status: JobStatus.COMPLETED,
      providerId: 'sendgrid',
      detail: expect.stringMatching(/failover from ses: integration_misconfigured/),
    });
  });

  it.each([
    [429, sesError(429, 'TooManyRequestsException', 'Maximum sending rate exceeded.'), 'provider_rate_limited'],
    [
      500,
      sesError(500, 'InternalFailure', 'The request processing has failed because of an unknown error.'),
      'provider_unavailable',
    ],
  ])('fails over on HTTP %s to the next integration', async (_status, answer, code) => {
    apis.scripts.ses.next.push(answer);
    const data = apis.job([apis.integration('ses'), apis.integration('sendgrid', { primary: false })]);
    await apis.world.dispatch(data);
    expect(await apis.world.outcomeOf(data.jobId)).toMatchObject({
      status: JobStatus.COMPLETED,
      providerId: 'sendgrid',
      detail: expect.stringContaining(`failover from ses: ${code}`),
    });
    expect(apis.callsFor('sendgrid', data)).toHaveLength(1);
  });

  it('reports throttling as retryable when no other integration is left', async () => {
    apis.scripts.ses.next.push(sesError(429, 'TooManyRequestsException', 'Maximum sending rate exceeded.'));
    const data = apis.job([apis.integration('ses')]);
    await apis.world.dispatch(data);
    expect(await apis.world.outcomeOf(data.jobId)).toMatchObject({
      status: JobStatus.FAILED,
      error: {
        code: 'provider_rate_limited',
        retryable: true,
        message: 'ses answered HTTP 429: TooManyRequestsException: Maximum sending rate exceeded.',
      },
    });
  });

  it('reports a refused connection as retryable and fails over', async () => {
    const data = apis.job([
      apis.integration('ses', {}, { baseUrl: 'http://127.0.0.1:9' }),
      apis.integration('sendgrid', { primary: false }),
    ]);
    await apis.world.dispatch(data);
    expect(await apis.world.outcomeOf(data.jobId)).toMatchObject({
      status: JobStatus.COMPLETED,
      providerId: 'sendgrid',
      detail: expect.stringContaining('failover from ses: provider_unreachable'),
    });
  });

  it('refuses an integration without a valid region before sending', async () => {
    const data = apis.job([apis.integration('ses', {}, { region: 'nowhere' })]);
    await apis.world.dispatch(data);
    expect(await apis.world.outcomeOf(data.jobId)).toMatchObject({
      status: JobStatus.FAILED,
      error: { code: 'integration_misconfigured', retryable: false },
    });
    expect(apis.callsFor('ses', data)).toHaveLength(0);
  });
});
