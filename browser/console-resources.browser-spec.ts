import { expectEventually, type SmtpReceiver, startSmtpReceiver } from '@herald/testing';
import type { Browser, Page } from 'playwright-core';

import { HeraldApi } from '../e2e/support/herald-api';
import { type HeraldSystem, startHeraldSystem } from '../e2e/support/herald-system';
import { createEnvironment } from '../fuzz/support/seed-environment';
import { describeInChromium, launchChromium } from '../libs/testing/src/browser.util';
import { captureView, watchedPage } from './support/console-page.util';

// Issue 17: the console's workflows, subscribers and integrations views over real data, at both
// widths, with axe, and only ever the signed-in environment's data.
const OPERATOR_TOKEN = 'console-browser-operator-token-0123456789';
const SHOWN = 60_000;
const unique = (name: string) => `${name}-${Math.random().toString(36).slice(2, 8)}`;
const WEBHOOK_SECRET = 'https://hooks.slack.com/services/T0000/B0000/topsecretvalue9876';

let system: HeraldSystem;
let api: HeraldApi;
let smtp: SmtpReceiver;
let browser: Browser;
const workflowId = unique('console-welcome');
const subscriberId = unique('ada');
const primarySmtp = unique('smtp-main');
const failoverSmtp = unique('smtp-backup');

async function signIn(page: Page, apiKey: string): Promise<void> {
  await page.goto(`${system.apiUrl}/console`);
  await page.getByLabel('API key').fill(apiKey);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Activity' }).waitFor({ timeout: SHOWN });
}

async function openSection(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Console sections' }).getByRole('link', { name }).click();
  await page.getByRole('heading', { name, level: 1 }).waitFor({ timeout: SHOWN });
}

describeInChromium('the console: workflows, subscribers, integrations', () => {
  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    system = await startHeraldSystem('console-resources', { env: { OPERATOR_TOKEN } });
    api = new HeraldApi(system);
    const smtpCredentials = { host: smtp.host, port: String(smtp.port), secure: false, from: 'herald@example.com' };
    await api.createIntegration({
      providerId: 'nodemailer',
      channel: 'email',
      name: 'Main SMTP',
      identifier: primarySmtp,
      credentials: smtpCredentials,
      active: true,
    });
    await api.createIntegration({
      providerId: 'nodemailer',
      channel: 'email',
      name: 'Backup SMTP',
      identifier: failoverSmtp,
      credentials: smtpCredentials,
      active: true,
      priority: 1,
    });
    await api.createWorkflow({
      workflowId,
      name: 'Welcome',
      steps: [
        { name: 'Inbox', type: 'in_app', controlValues: { subject: 'Welcome', body: 'Hello {{payload.name}}' } },
        { name: 'Email', type: 'email', controlValues: { subject: 'Welcome {{payload.name}}', body: 'Hello' } },
      ],
    });
    await api.createSubscribers([
      {
        subscriberId,
        firstName: 'Ada',
        lastName: 'Lovelace',
        email: 'ada@example.com',
        channels: [{ providerId: 'slack', credentials: { webhookUrl: WEBHOOK_SECRET } }],
      },
    ]);
    const { transactionId } = await api.trigger({ name: workflowId, to: subscriberId, payload: { name: 'Ada' } });
    await expectEventually(
      async () => {
        const answer = await api.request<{ data: { jobs: { status: string }[] }[] }>(
          'GET',
          `/v1/notifications?transactionId=${transactionId}`,
        );
        expect(answer.body.data[0]?.jobs.map((job) => job.status)).toEqual(['completed', 'completed']);
      },
      { timeoutMs: SHOWN },
    );
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await system?.stop();
    await smtp?.close();
  }, 90_000);

  const systemIt = (name: string, body: () => Promise<void>) => it(name, () => system.withLogsOnFailure(body), 240_000);

  systemIt('shows a subscriber: profile, masked credentials, preferences and inbox', async () => {
    const { context, page, problems } = await watchedPage(browser);
    await signIn(page, system.apiKey);
    await openSection(page, 'Subscribers');
    await page.getByTestId('subscriber-row').first().waitFor({ timeout: SHOWN });
    await captureView(page, 'subscribers');

    await page.getByRole('link', { name: subscriberId }).click();
    await page.getByRole('heading', { name: subscriberId }).waitFor({ timeout: SHOWN });
    await page.getByTestId('inbox-message').first().waitFor({ timeout: SHOWN });
    await page.getByTestId('preferences').waitFor({ timeout: SHOWN });
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).toContain('ada@example.com');
    expect(text).toContain('Ada Lovelace');
    expect(text).toContain('webhookUrl: ••••9876');
    expect(text).not.toContain('topsecretvalue');
    expect(text).toContain('Hello Ada');
    expect(text).toContain('Welcome');
    await captureView(page, 'subscriber');
    expect(problems).toEqual([]);
    await context.close();
  });

  systemIt('shows each channel’s integrations in failover order with recent deliveries', async () => {
    const { context, page, problems } = await watchedPage(browser);
    await signIn(page, system.apiKey);
    await openSection(page, 'Integrations');
    const email = page.locator('[data-testid="channel-integrations"][data-channel="email"]');
    const rows = email.getByTestId('integration-row');
    await expectEventually(async () => expect(await rows.count()).toBe(2), { timeoutMs: SHOWN });
    const order = await rows.evaluateAll((all) => all.map((row) => row.getAttribute('data-identifier')));
    expect(order).toEqual([primarySmtp, failoverSmtp]);
    await expectEventually(
      async () =>
        expect(await rows.first().getByTestId('integration-deliveries').textContent()).toContain('1 delivered'),
      { timeoutMs: SHOWN },
    );
    expect((await email.textContent()) ?? '').toContain('primary');
    await captureView(page, 'integrations');
    expect(problems).toEqual([]);
    await context.close();
  });

  systemIt('lists workflows and shows one’s steps and controls', async () => {
    const { context, page, problems } = await watchedPage(browser);
    await signIn(page, system.apiKey);
    await openSection(page, 'Workflows');
    await page.getByTestId('workflow-row').first().waitFor({ timeout: SHOWN });
    await captureView(page, 'workflows');
    await page.getByRole('link', { name: 'Welcome' }).click();
    await page.waitForURL(new RegExp(`/console/workflows/${workflowId}$`));
    const steps = page.getByTestId('workflow-step');
    await expectEventually(
      async () =>
        expect(await steps.evaluateAll((all) => all.map((step) => step.getAttribute('data-step-type')))).toEqual([
          'in_app',
          'email',
        ]),
      { timeoutMs: SHOWN },
    );
    expect((await page.locator('main').textContent()) ?? '').toContain('Hello {{payload.name}}');
    await captureView(page, 'workflow');
    expect(problems).toEqual([]);
    await context.close();
  });

  systemIt("never shows another environment's subscribers, integrations or workflows", async () => {
    const me = await api.request<{ data: { _organizationId: string } }>('GET', '/v1/environments/me');
    const other = await createEnvironment(system.adminUrl, OPERATOR_TOKEN, me.body.data._organizationId);
    // The expected failures: the other environment asks for a subscriber and a workflow of this one.
    const { context, page, problems } = await watchedPage(
      browser,
      (problem) =>
        problem.includes(`/v2/subscribers/${subscriberId}`) ||
        problem.includes(`/v2/workflows/${workflowId}`) ||
        problem.includes('status of 404'),
    );
    await signIn(page, other.apiKey);
    await openSection(page, 'Subscribers');
    await page.getByTestId('no-subscribers').waitFor({ timeout: SHOWN });
    await openSection(page, 'Integrations');
    await page.locator('[data-channel="email"]').getByText('No email integration').waitFor({ timeout: SHOWN });
    await openSection(page, 'Workflows');
    await page.getByText('No workflow yet').waitFor({ timeout: SHOWN });
    for (const path of [`/console/subscribers/${subscriberId}`, `/console/workflows/${workflowId}`]) {
      await page.goto(`${system.apiUrl}${path}`);
      await page.getByRole('alert').first().waitFor({ timeout: SHOWN });
      expect((await page.getByRole('alert').first().textContent()) ?? '').toContain('Nothing was found');
    }
    const shown = (await page.locator('body').textContent()) ?? '';
    for (const mine of ['ada@example.com', primarySmtp, failoverSmtp, 'Hello {{payload.name}}'])
      expect(shown).not.toContain(mine);
    expect(problems).toEqual([]);
    await context.close();
  });
});
