import {
  buildJobDispatchFixture,
  buildRunnerIntegrationFixture,
  type JobDispatchData,
  JobStatus,
  type RunnerIntegration,
} from '@herald/contracts';
import { runnerConfig, RunnerModule } from '@herald/runner-kit';
import {
  bootTestApp,
  type HttpReceiver,
  RunnerTestWorld,
  type SmtpReceiver,
  startHttpReceiver,
  startSmtpReceiver,
  type TestApp,
} from '@herald/testing';

import { emailRunner } from '../src/runner-email.definition';
import { fakeSendgrid, SENDGRID_TEST_KEY, type SendgridScript } from './support/fake-sendgrid';

describe('runner-email providers', () => {
  let world: RunnerTestWorld;
  let runner: TestApp;
  let smtp: SmtpReceiver;
  let sendgrid: HttpReceiver;
  const script: SendgridScript = { next: [] };

  beforeAll(async () => {
    world = await RunnerTestWorld.create('runner_email', 'email');
    runner = await bootTestApp(RunnerModule.forChannel(emailRunner, runnerConfig('email').load(world.env)));
    await world.waitForRunner();
    smtp = await startSmtpReceiver({ auth: { user: 'mailer', pass: 'secret' } });
    sendgrid = await startHttpReceiver(fakeSendgrid(script));
  });

  afterAll(async () => {
    await runner?.close();
    await Promise.all([smtp?.close(), sendgrid?.close()]);
    await world?.close();
  });

  beforeEach(() => {
    smtp.rejectWith(undefined);
    script.next.length = 0;
  });

  const smtpIntegration = (extra: Partial<RunnerIntegration> = {}) =>
    buildRunnerIntegrationFixture({
      providerId: 'nodemailer',
      identifier: 'smtp',
      credentials: {
        host: smtp.host,
        port: String(smtp.port),
        user: 'mailer',
        password: 'secret',
        from: 'notify@example.com',
        senderName: 'Herald Test',
      },
      ...extra,
    });
  const sendgridIntegration = (extra: Partial<RunnerIntegration> = {}) =>
    buildRunnerIntegrationFixture({
      providerId: 'sendgrid',
      identifier: 'sendgrid',
      primary: false,
      priority: 1,
      credentials: { apiKey: SENDGRID_TEST_KEY, from: 'sg@example.com', baseUrl: sendgrid.url },
      ...extra,
    });

  function job(integrations: RunnerIntegration[], overrides: Partial<JobDispatchData> = {}): JobDispatchData {
    const data = buildJobDispatchFixture(overrides, 'email');
    world.integrations.set(data.environmentId, integrations);
    return data;
  }
  const mailsFor = (data: JobDispatchData) =>
    smtp.messages.filter((mail) => mail.headers.get('x-herald-delivery-key') === data.deliveryKey);
  const sendgridCallsFor = (data: JobDispatchData) =>
    sendgrid.requests.filter(
      (request) =>
        (request.json as { custom_args?: { herald_delivery_key?: string } }).custom_args?.herald_delivery_key ===
        data.deliveryKey,
    );

  describe('SMTP (nodemailer)', () => {
    it('sends the rendered mail with a Message-ID derived from the delivery key', async () => {
      const data = job([smtpIntegration()]);
      await world.dispatch(data);
      const outcome = await world.outcomeOf(data.jobId);
      const messageId = `<${data.deliveryKey}@example.com>`;
      expect(outcome).toMatchObject({
        status: JobStatus.COMPLETED,
        providerId: 'nodemailer',
        providerMessageId: messageId,
        delivery: { channel: 'email', recipient: data.subscriber.email },
      });
      const [mail] = mailsFor(data);
      expect(mail).toMatchObject({
        from: 'notify@example.com',
        to: [data.subscriber.email],
        user: 'mailer',
        html: '<p>Grace commented.</p>',
      });
      expect(mail.headers.get('subject')).toBe('New comment from Grace');
      expect(mail.headers.get('from')).toBe('Herald Test <notify@example.com>');
      expect(mail.headers.get('message-id')).toBe(messageId);
    });

    it('applies overrides.email: recipients, cc, reply-to, sender name and text', async () => {
      const overrides = {
        email: {
          to: ['first@example.org', 'second@example.org'],
          cc: 'copy@example.org',
          replyTo: 'reply@example.org',
          senderName: 'Override',
          text: 'plain version',
        },
      };
      const data = job([smtpIntegration()], { overrides });
      await world.dispatch(data);
      expect(await world.outcomeOf(data.jobId)).toMatchObject({
        status: JobStatus.COMPLETED,
        delivery: { recipient: 'first@example.org, second@example.org' },
      });
      const [mail] = mailsFor(data);
      expect(mail.to).toEqual(['first@example.org', 'second@example.org', 'copy@example.org']);
      expect(mail.headers.get('reply-to')).toBe('reply@example.org');
      expect(mail.headers.get('from')).toBe('Override <notify@example.com>');
      expect(mail.text).toBe('plain version');
    });

    it('reports a 4xx reply as retryable and a 5xx reply as permanent', async () => {
      smtp.rejectWith({ code: 451, message: 'Temporary local problem' });
      const transient = job([smtpIntegration()]);
      await world.dispatch(transient);
      expect(await world.outcomeOf(transient.jobId)).toMatchObject({
        status: JobStatus.FAILED,
        error: { code: 'smtp_transient_failure', retryable: true, message: expect.stringContaining('451') },
      });
      smtp.rejectWith({ code: 550, message: 'Mailbox unavailable' });
      const permanent = job([smtpIntegration()]);
      await world.dispatch(permanent);
      expect(await world.outcomeOf(permanent.jobId)).toMatchObject({
        status: JobStatus.FAILED,
        error: { code: 'smtp_rejected', retryable: false, message: expect.stringContaining('550') },
      });
    });

    it('reports refused credentials as an auth failure and fails over to SendGrid', async () => {
      const data = job([
        smtpIntegration({
          credentials: {
            host: smtp.host,
            port: String(smtp.port),
            user: 'mailer',
            password: 'wrong',
            from: 'notify@example.com',
          },
        }),
        sendgridIntegration(),
      ]);
      await world.dispatch(data);
      expect(await world.outcomeOf(data.jobId)).toMatchObject({
        status: JobStatus.COMPLETED,
        providerId: 'sendgrid',
        detail: expect.stringMatching(/failover from smtp: provider_auth_failed/),
      });
      expect(mailsFor(data)).toHaveLength(0);
    });

    it('fails over from a temporarily failing SMTP primary to SendGrid', async () => {
      smtp.rejectWith({ code: 421, message: 'Service not available' });
      const data = job([smtpIntegration(), sendgridIntegration()]);
      await world.dispatch(data);
      expect(await world.outcomeOf(data.jobId)).toMatchObject({
        status: JobStatus.COMPLETED,
        providerId: 'sendgrid',
        providerMessageId: expect.stringMatching(/^sg-message-/),
      });
      expect(sendgridCallsFor(data)).toHaveLength(1);
    });

    it('refuses an SMTP host on a private address', async () => {
      const data = job([
        smtpIntegration({ credentials: { host: '10.20.30.40', port: '25', from: 'notify@example.com' } }),
      ]);
      await world.dispatch(data);
      expect(await world.outcomeOf(data.jobId)).toMatchObject({
        status: JobStatus.FAILED,
        error: { code: 'outbound_url_refused', retryable: false },
      });
    });
  });

  describe('SendGrid', () => {
    it('posts the v3 mail/send format with the bearer key and reports X-Message-Id', async () => {
      const data = job([sendgridIntegration({ primary: true })], { overrides: { email: { senderName: 'Team' } } });
      await world.dispatch(data);
      expect(await world.outcomeOf(data.jobId)).toMatchObject({
        status: JobStatus.COMPLETED,
        providerId: 'sendgrid',
        providerMessageId: expect.stringMatching(/^sg-message-\d+$/),
      });
      const [request] = sendgridCallsFor(data);
      expect(request.json).toEqual({
        personalizations: [{ to: [{ email: data.subscriber.email }] }],
        from: { email: 'sg@example.com', name: 'Team' },
        subject: 'New comment from Grace',
        content: [{ type: 'text/html', value: '<p>Grace commented.</p>' }],
        custom_args: { herald_delivery_key: data.deliveryKey, herald_job_id: data.jobId },
      });
    });

    it.each([
      [429, 'provider_rate_limited', true, { errors: [{ message: 'too many requests', field: null }] }],
      [500, 'provider_unavailable', true, { errors: [{ message: 'internal error', field: null }] }],
      [400, 'provider_rejected', false, { errors: [{ message: 'Invalid template', field: 'template_id' }] }],
    ])('maps HTTP %s to %s (retryable: %s)', async (status, code, retryable, body) => {
      script.next.push({ status, body });
      const data = job([sendgridIntegration({ primary: true })]);
      await world.dispatch(data);
      expect(await world.outcomeOf(data.jobId)).toMatchObject({ status: JobStatus.FAILED, error: { code, retryable } });
    });

    it('reports a revoked key as an auth failure with the API message', async () => {
      const data = job([
        sendgridIntegration({
          primary: true,
          credentials: { apiKey: 'SG.revoked', from: 'sg@example.com', baseUrl: sendgrid.url },
        }),
      ]);
      await world.dispatch(data);
      expect(await world.outcomeOf(data.jobId)).toMatchObject({
        status: JobStatus.FAILED,
        error: {
          code: 'provider_auth_failed',
          retryable: false,
          message: 'sendgrid answered HTTP 401: The provided authorization grant is invalid, expired, or revoked',
        },
      });
    });
  });

  describe('attachments', () => {
    it('fetches attachments by presigned URL and attaches them over SMTP and SendGrid', async () => {
      const pdf = Buffer.from('%PDF-1.4 binary \x00\xff content', 'latin1');
      const ref = await world.storeAttachment(pdf, { name: 'invoice.pdf', mime: 'application/pdf' });
      const bySmtp = job([smtpIntegration()], { attachments: [ref] });
      await world.dispatch(bySmtp);
      expect(await world.outcomeOf(bySmtp.jobId)).toMatchObject({ status: JobStatus.COMPLETED });
      expect(mailsFor(bySmtp)[0].attachments).toEqual([
        { filename: 'invoice.pdf', contentType: 'application/pdf', content: pdf },
      ]);
      const bySendgrid = job([sendgridIntegration({ primary: true })], { attachments: [ref] });
      await world.dispatch(bySendgrid);
      expect(await world.outcomeOf(bySendgrid.jobId)).toMatchObject({ status: JobStatus.COMPLETED });
      expect((sendgridCallsFor(bySendgrid)[0].json as { attachments: unknown }).attachments).toEqual([
        {
          content: pdf.toString('base64'),
          filename: 'invoice.pdf',
          type: 'application/pdf',
          disposition: 'attachment',
        },
      ]);
    });

    it('fails the job permanently when an attachment is gone, without sending', async () => {
      const ref = await world.storeAttachment(Buffer.from('gone'), { name: 'old.txt', mime: 'text/plain' });
      world.sweepAttachment(ref.id);
      const data = job([smtpIntegration()], { attachments: [ref] });
      await world.dispatch(data);
      expect(await world.outcomeOf(data.jobId)).toMatchObject({
        status: JobStatus.FAILED,
        error: {
          code: 'attachment_unavailable',
          retryable: false,
          message: 'Attachment "old.txt" is unavailable: attachment_expired',
        },
      });
      expect(mailsFor(data)).toHaveLength(0);
    });
  });

  it('cancels a job whose subscriber has no email address', async () => {
    const base = job([smtpIntegration(), sendgridIntegration()]);
    const data = { ...base, subscriber: { ...base.subscriber, email: null } };
    await world.dispatch(data);
    expect(await world.outcomeOf(data.jobId)).toMatchObject({
      status: JobStatus.CANCELED,
      detail: 'Subscriber has no email address',
    });
  });
});
