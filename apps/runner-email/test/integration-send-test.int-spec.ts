import { randomUUID } from 'node:crypto';

import {
  buildRunnerIntegrationFixture,
  INTEGRATION_SEND_TEST_V1,
  INTEGRATION_TEST_RPC_ERRORS,
  type RunnerIntegration,
} from '@herald/contracts';
import { Messaging } from '@herald/messaging';
import { runnerConfig, RunnerModule } from '@herald/runner-kit';
import {
  bootTestApp,
  expectEventually,
  RunnerTestWorld,
  type SmtpReceiver,
  startSmtpReceiver,
  type TestApp,
} from '@herald/testing';

import { emailRunner } from '../src/runner-email.definition';

// `integration.send-test.email.v1`, served by runner-email through runner-kit: the integration comes
// from the (stub) gateway's sealed answer, the provider is the real SMTP one, nothing is recorded.
describe('runner-email: integration send test over RPC', () => {
  let world: RunnerTestWorld;
  let runner: TestApp;
  let smtp: SmtpReceiver;
  const PASSWORD = 'smtp-password-never-echoed';

  beforeAll(async () => {
    world = await RunnerTestWorld.create('runner_email_send_test', 'email');
    runner = await bootTestApp(RunnerModule.forChannel(emailRunner, runnerConfig('email').load(world.env)));
    await world.waitForRunner();
    smtp = await startSmtpReceiver({ auth: { user: 'mailer', pass: PASSWORD } });
  });

  afterAll(async () => {
    await runner?.close();
    await smtp?.close();
    await world?.close();
  });

  beforeEach(() => smtp.rejectWith(undefined));

  const smtpIntegration = (credentials: Record<string, unknown> = {}): RunnerIntegration =>
    buildRunnerIntegrationFixture({
      providerId: 'nodemailer',
      identifier: 'smtp',
      credentials: {
        host: smtp.host,
        port: String(smtp.port),
        user: 'mailer',
        password: PASSWORD,
        from: 'notify@example.com',
        ...credentials,
      },
    });

  function sendTest(environmentId: string, request: Record<string, unknown>) {
    return runner.app
      .get(Messaging)
      .rpc.invoke(INTEGRATION_SEND_TEST_V1.email, environmentId, { environmentId, ...request } as never, {
        timeoutMs: 10_000,
      });
  }

  it('sends through the integration with its opened credentials and answers the message id', async () => {
    const environmentId = randomUUID();
    const integration = smtpIntegration();
    world.integrations.set(environmentId, [integration]);
    const to = `test-${randomUUID()}@example.com`;
    const answer = await sendTest(environmentId, { integrationId: integration.id, to, subject: 'Ping' });
    expect(answer).toMatchObject({
      ok: true,
      providerId: 'nodemailer',
      integrationIdentifier: 'smtp',
      recipient: to,
      error: null,
    });
    expect(answer.providerMessageId).toEqual(expect.any(String));
    const mail = await expectEventually(() => {
      const found = smtp.messages.find((message) => message.to.includes(to));
      expect(found).toBeDefined();
      return found!;
    });
    expect(mail.headers.get('subject')).toBe('Ping');
    // A test is not a job: no status event, no delivery-log row.
    expect(world.statuses.where((event) => event.data.environmentId === environmentId)).toEqual([]);
  });

  it("answers the provider's refusal as a failure, without the credentials", async () => {
    const environmentId = randomUUID();
    const integration = smtpIntegration({ password: 'a-wrong-password-1234' });
    world.integrations.set(environmentId, [integration]);
    const answer = await sendTest(environmentId, { integrationId: integration.id, to: 'ada@example.com' });
    expect(answer).toMatchObject({ ok: false, providerMessageId: null });
    expect(answer.error?.code).toEqual(expect.stringMatching(/^provider_/));
    expect(JSON.stringify(answer)).not.toContain('a-wrong-password-1234');
  });

  it('says what is missing when the test names no recipient', async () => {
    const environmentId = randomUUID();
    const integration = smtpIntegration();
    world.integrations.set(environmentId, [integration]);
    const answer = await sendTest(environmentId, { integrationId: integration.id });
    expect(answer).toMatchObject({ ok: false, error: { code: 'recipient_missing', retryable: false } });
  });

  it("refuses an integration the environment's list does not hold (another environment's, or none)", async () => {
    const mine = randomUUID();
    const other = randomUUID();
    const integration = smtpIntegration();
    world.integrations.set(other, [integration]);
    world.integrations.set(mine, []);
    await expect(sendTest(mine, { integrationId: integration.id, to: 'ada@example.com' })).rejects.toMatchObject({
      code: INTEGRATION_TEST_RPC_ERRORS.integrationNotFound,
    });
  });
});
