import {
  buildJobDispatchFixture,
  buildRunnerIntegrationFixture,
  type JobDispatchData,
  type RunnerIntegration,
} from '@herald/contracts';
import { runnerConfig, RunnerModule } from '@herald/runner-kit';
import {
  bootTestApp,
  type HttpReceiver,
  type ReceivedRequest,
  type RequestResponder,
  RunnerTestWorld,
  startHttpReceiver,
  type TestApp,
} from '@herald/testing';

import { emailRunner } from '../../src/runner-email.definition';
import { BREVO_TEST_KEY, type BrevoScript, fakeBrevo } from './fake-brevo';
import { fakeMailgun, MAILGUN_TEST_DOMAIN, MAILGUN_TEST_KEY, type MailgunScript } from './fake-mailgun';
import { fakePostmark, POSTMARK_TEST_TOKEN, type PostmarkScript } from './fake-postmark';
import { fakeResend, RESEND_TEST_KEY, type ResendScript } from './fake-resend';
import { fakeSendgrid, SENDGRID_TEST_KEY, type SendgridScript } from './fake-sendgrid';
import { fakeSes, SES_TEST_CREDENTIALS, type SesScript } from './fake-ses';

/** What each fake answers next, and what it knows (verified senders). */
export interface EmailApiScripts {
  sendgrid: SendgridScript;
  ses: SesScript;
  mailgun: MailgunScript;
  postmark: PostmarkScript;
  resend: ResendScript;
  sendinblue: BrevoScript;
}

/** The HTTP email APIs the harness can serve, by Herald provider id. */
export type EmailApi = keyof EmailApiScripts;

interface FakeApi<Script> {
  /** The sender address the fake accepts. */
  from: string;
  credentials: Record<string, unknown>;
  script(): Script;
  responder(script: Script): RequestResponder;
}

/** One entry per provider: a new provider adds its fake here. */
const FAKE_APIS: { [Api in EmailApi]: FakeApi<EmailApiScripts[Api]> } = {
  sendgrid: {
    from: 'sg@example.com',
    credentials: { apiKey: SENDGRID_TEST_KEY },
    script: () => ({ next: [] }),
    responder: fakeSendgrid,
  },
  ses: {
    from: 'ses@example.com',
    credentials: {
      apiKey: SES_TEST_CREDENTIALS.accessKeyId,
      secretKey: SES_TEST_CREDENTIALS.secretAccessKey,
      region: SES_TEST_CREDENTIALS.region,
    },
    script: () => ({ next: [], verified: new Set(['ses@example.com']) }),
    responder: fakeSes,
  },
  mailgun: {
    from: `mg@${MAILGUN_TEST_DOMAIN}`,
    credentials: { apiKey: MAILGUN_TEST_KEY, domain: MAILGUN_TEST_DOMAIN },
    script: () => ({ next: [] }),
    responder: fakeMailgun,
  },
  postmark: {
    from: 'pm@example.com',
    credentials: { apiKey: POSTMARK_TEST_TOKEN },
    script: () => ({ next: [], signatures: new Set(['pm@example.com']) }),
    responder: fakePostmark,
  },
  resend: {
    from: 'resend@example.com',
    credentials: { apiKey: RESEND_TEST_KEY },
    script: () => ({ next: [], domains: new Set(['example.com']) }),
    responder: fakeResend,
  },
  sendinblue: {
    from: 'brevo@example.com',
    credentials: { apiKey: BREVO_TEST_KEY },
    script: () => ({ next: [] }),
    responder: fakeBrevo,
  },
};

/** The sender address of an API's integrations. */
export const senderOf = (api: EmailApi): string => FAKE_APIS[api].from;

/**
 * runner-email booted against a test world, with wire-format fakes of the HTTP email APIs a spec
 * names, their scripts, and integrations pointing at them.
 */
export class EmailApiWorld {
  private constructor(
    readonly world: RunnerTestWorld,
    private readonly runner: TestApp,
    private readonly fakes: Partial<Record<EmailApi, HttpReceiver>>,
    readonly scripts: EmailApiScripts,
  ) {}

  static async create(label: string, apis: EmailApi[]): Promise<EmailApiWorld> {
    const world = await RunnerTestWorld.create(label, 'email');
    const runner = await bootTestApp(RunnerModule.forChannel(emailRunner, runnerConfig('email').load(world.env)));
    await world.waitForRunner();
    const scripts = Object.fromEntries(
      Object.entries(FAKE_APIS).map(([api, fake]) => [api, fake.script()]),
    ) as unknown as EmailApiScripts;
    const fakes: Partial<Record<EmailApi, HttpReceiver>> = {};
    for (const api of apis) {
      const fake = FAKE_APIS[api] as FakeApi<unknown>;
      fakes[api] = await startHttpReceiver(fake.responder(scripts[api]));
    }
    return new EmailApiWorld(world, runner, fakes, scripts);
  }

  /** Forgets what earlier tests scripted. */
  reset(): void {
    for (const script of Object.values(this.scripts)) (script as { next: unknown[] }).next.length = 0;
  }

  async close(): Promise<void> {
    await this.runner.close();
    await Promise.all(Object.values(this.fakes).map((fake) => fake.close()));
    await this.world.close();
  }

  /** The fake of `api` (started by `create`). */
  fake(api: EmailApi): HttpReceiver {
    const fake = this.fakes[api];
    if (!fake) throw new Error(`the ${api} fake was not started`);
    return fake;
  }

  /** An integration of `api` pointing at its fake if started (primary unless `extra` says otherwise). */
  integration(
    api: EmailApi,
    extra: Partial<RunnerIntegration> = {},
    credentials: Record<string, unknown> = {},
  ): RunnerIntegration {
    const fake = FAKE_APIS[api];
    return buildRunnerIntegrationFixture({
      providerId: api,
      identifier: api,
      ...extra,
      credentials: { ...fake.credentials, from: fake.from, baseUrl: this.fakes[api]?.url, ...credentials },
    });
  }

  /** A dispatch whose environment has `integrations`, in that order of preference. */
  job(integrations: RunnerIntegration[], overrides: Partial<JobDispatchData> = {}): JobDispatchData {
    const data = buildJobDispatchFixture(overrides, 'email');
    this.world.integrations.set(data.environmentId, integrations);
    return data;
  }

  /** The requests `api`'s fake got for a job (each provider carries the delivery key somewhere). */
  callsFor(api: EmailApi, data: JobDispatchData): ReceivedRequest[] {
    return this.fake(api).requests.filter(
      (request) => request.raw.includes(data.deliveryKey) || request.headers['idempotency-key'] === data.deliveryKey,
    );
  }
}
