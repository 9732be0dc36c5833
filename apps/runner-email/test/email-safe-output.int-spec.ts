import {
  buildJobDispatchFixture,
  buildRunnerIntegrationFixture,
  type JobDispatchData,
  JobStatus,
} from '@herald/contracts';
import { runnerConfig, RunnerModule } from '@herald/runner-kit';
import { bootTestApp, RunnerTestWorld, type SmtpReceiver, startSmtpReceiver, type TestApp } from '@herald/testing';

import { emailRunner } from '../src/runner-email.definition';

/** Safe output in delivered e-mail (issue 13, decision 0028), checked at a real SMTP receiver. */
describe('runner-email: safe output', () => {
  let world: RunnerTestWorld;
  let runner: TestApp;
  let smtp: SmtpReceiver;

  beforeAll(async () => {
    world = await RunnerTestWorld.create('runner_email', 'email');
    runner = await bootTestApp(RunnerModule.forChannel(emailRunner, runnerConfig('email').load(world.env)));
    await world.waitForRunner();
    smtp = await startSmtpReceiver();
  });

  afterAll(async () => {
    await runner?.close();
    await smtp?.close();
    await world?.close();
  });

  const hostile = { name: '<script>alert(1)</script>', bio: '<b>trusted</b>' };
  const escaped = '&lt;script&gt;alert(1)&lt;/script&gt;';
  const template = {
    subject: 'Hello {{ payload.name }}',
    body: [
      '<h1 class="title">Hi {{ payload.name }}</h1>',
      '<p>{{ payload.bio | raw }}</p>',
      '<p>{{ payload.name | escape }}</p>',
    ].join(''),
  };

  /** Sends one job over SMTP and answers the mail the receiver got. */
  async function deliver(controls: Record<string, unknown>, overrides: Record<string, unknown> = {}) {
    const base = buildJobDispatchFixture({ payload: hostile, overrides }, 'email');
    const data: JobDispatchData = { ...base, step: { ...base.step, controlValues: controls } };
    const credentials = { host: smtp.host, port: String(smtp.port), from: 'notify@example.com' };
    const integration = buildRunnerIntegrationFixture({ providerId: 'nodemailer', identifier: 'smtp', credentials });
    world.integrations.set(data.environmentId, [integration]);
    await world.dispatch(data);
    expect(await world.outcomeOf(data.jobId)).toMatchObject({ status: JobStatus.COMPLETED });
    const mails = smtp.messages.filter((mail) => mail.raw.includes(data.deliveryKey));
    expect(mails).toHaveLength(1);
    return { mail: mails[0], data };
  }
  /** The raw header lines of a mail, folded lines unfolded. */
  const headerLines = (raw: string) =>
    raw
      .slice(0, raw.search(/\r?\n\r?\n/))
      .replace(/\r?\n[ \t]+/g, ' ')
      .split(/\r?\n/);

  it('escapes payload HTML in the body, keeps the template’s markup and `| raw`; the subject stays text', async () => {
    const { mail } = await deliver(template);
    expect(mail.html).toBe(`<h1 class="title">Hi ${escaped}</h1><p><b>trusted</b></p><p>${escaped}</p>`);
    expect(mail.headers.get('subject')).toBe('Hello <script>alert(1)</script>');
  });

  it('sends the body as rendered when the step sets disableOutputSanitization: true', async () => {
    const { mail } = await deliver({ ...template, disableOutputSanitization: true });
    expect(mail.html).toBe(`<h1 class="title">Hi <script>alert(1)</script></h1><p><b>trusted</b></p><p>${escaped}</p>`);
  });

  it('never lets override headers set Sender, Return-Path, From or X-Herald-*', async () => {
    const headers = {
      Sender: 'ceo@example.com',
      'Return-Path': 'bounces@evil.example',
      From: 'ceo@example.com',
      'x-herald-delivery-key': 'forged',
      'X-Herald-Tenant': 'forged',
      'X-Campaign': 'spring',
    };
    const { mail, data } = await deliver(template, { email: { headers } });
    const lines = headerLines(mail.raw);
    expect(lines.filter((line) => /^(sender|return-path):/i.test(line))).toEqual([]);
    expect(lines.filter((line) => /^from:/i.test(line))).toEqual(['From: notify@example.com']);
    expect(lines.filter((line) => /^x-herald-/i.test(line))).toEqual([`X-Herald-Delivery-Key: ${data.deliveryKey}`]);
    expect(mail.raw).not.toContain('forged');
    expect(mail.headers.get('x-campaign')).toBe('spring');
    expect(mail.from).toBe('notify@example.com');
  });
});
