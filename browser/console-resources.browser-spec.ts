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
const shippedWorkflow = unique('order-shipped');
const brokenWorkflow = unique('broken-template');
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
    await api.createWorkflow({
      workflowId: shippedWorkflow,
      name: 'Order shipped',
      steps: [
        {
          name: 'Bell',
          type: 'in_app',
          controlValues: { subject: 'Order {{payload.order}}', body: 'Your order {{payload.order}} is on its way' },
        },
        {
          name: 'Mail',
          type: 'email',
          controlValues: {
            subject: 'Shipped: {{payload.order}}',
            body: '<style>strong { color: #1a1a1a }</style><p style="color: #1a1a1a">Order <strong>{{payload.order}}</strong> for {{subscriber.firstName}}</p><p>{{payload.note}}</p><img src="https://example.com/logo.png" alt="Logo">',
          },
        },
      ],
    });
    await api.createWorkflow({
      workflowId: brokenWorkflow,
      name: 'Broken template',
      steps: [{ name: 'Faulty', type: 'in_app', controlValues: { body: '{{ payload.order | no_such_filter }}' } }],
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

  systemIt(
    'shows each channel’s integrations in failover order, counted per integration, with a send test',
    async () => {
      // The one expected failed request: the send test refused for an address that is none (422).
      const { context, page, problems } = await watchedPage(
        browser,
        (problem) => (problem.includes('/test') && problem.includes('422')) || problem.includes('status of 422'),
      );
      await signIn(page, system.apiKey);
      await openSection(page, 'Integrations');
      const email = page.locator('[data-testid="channel-integrations"][data-channel="email"]');
      const rows = email.getByTestId('integration-row');
      await expectEventually(async () => expect(await rows.count()).toBe(2), { timeoutMs: SHOWN });
      const order = await rows.evaluateAll((all) => all.map((row) => row.getAttribute('data-identifier')));
      expect(order).toEqual([primarySmtp, failoverSmtp]);
      // Counted per integration by Herald: the backup of the same provider delivered nothing.
      await expectEventually(
        async () =>
          expect(await rows.first().getByTestId('integration-deliveries').textContent()).toBe(
            '1 delivered, 0 failed in the last 24 hours · error rate 0%',
          ),
        { timeoutMs: SHOWN },
      );
      await expect(rows.nth(1).getByTestId('integration-deliveries').textContent()).resolves.toBe(
        'No delivery attempt in the last 24 hours.',
      );
      await expect(rows.first().getByTestId('integration-recent').textContent()).resolves.toContain('delivered');
      expect((await email.textContent()) ?? '').toContain('primary');

      const primary = rows.first();
      await primary.getByRole('textbox').fill('not-an-address');
      await primary.getByRole('button', { name: 'Send test' }).click();
      await primary.getByTestId('integration-test-error').waitFor({ timeout: SHOWN });
      await expect(primary.getByTestId('integration-test-error').textContent()).resolves.toContain('email address');

      const tester = `${unique('tester')}@example.com`;
      await primary.getByRole('textbox').fill(tester);
      await primary.getByRole('button', { name: 'Send test' }).click();
      const answer = primary.getByTestId('integration-test-answer');
      await answer.waitFor({ timeout: SHOWN });
      await expect(answer.getAttribute('data-ok')).resolves.toBe('true');
      await expect(answer.textContent()).resolves.toMatch(
        new RegExp(`^nodemailer accepted it for ${tester} in \\d+ ms`),
      );
      await expectEventually(async () => expect(smtp.messages.some((mail) => mail.to.includes(tester))).toBe(true), {
        timeoutMs: SHOWN,
      });
      await captureView(page, 'integrations');
      expect(problems).toEqual([]);
      await context.close();
    },
  );

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

  systemIt('previews each step with a sample, names a broken template, and sends a test to its timeline', async () => {
    // The expected failure: the broken template's preview answers 422.
    const { context, page, problems } = await watchedPage(
      browser,
      (problem) => problem.includes(`/v2/workflows/${brokenWorkflow}/step/`) || problem.includes('status of 422'),
    );
    await signIn(page, system.apiKey);
    await openSection(page, 'Workflows');
    await page.getByRole('link', { name: 'Order shipped' }).click();
    await page.getByRole('heading', { name: 'Order shipped' }).waitFor({ timeout: SHOWN });
    // A payload value is text in the email, never markup: the preview escapes it as the runner does.
    await page.getByLabel('Sample payload (JSON)').fill('{"order": "A-17", "note": "<script>alert(1)</script>"}');
    await page.getByLabel('Subscriber ID').fill(subscriberId);

    await page.getByRole('button', { name: 'Preview Bell' }).click();
    const bell = page.getByRole('region', { name: 'Preview of Bell' });
    await bell.waitFor({ timeout: SHOWN });
    expect(await bell.getByTestId('preview-body').textContent()).toBe('Your order A-17 is on its way');
    expect(await bell.getByTestId('preview-subject').textContent()).toBe('Order A-17');

    await page.getByRole('button', { name: 'Preview Mail' }).click();
    const mail = page.getByRole('region', { name: 'Preview of Mail' });
    await mail.waitFor({ timeout: SHOWN });
    expect(await mail.getByTestId('preview-subject').textContent()).toBe('Shipped: A-17');
    const frame = mail.getByTestId('email-preview');
    expect(await frame.getAttribute('sandbox')).toBe('allow-same-origin');
    const email = page.frameLocator('[data-testid="email-preview"]');
    await expectEventually(
      async () => expect(await email.locator('body').textContent()).toBe('Order A-17 for Ada<script>alert(1)</script>'),
      { timeoutMs: SHOWN },
    );
    expect(await email.locator('strong').textContent()).toBe('A-17');
    expect(await email.locator('script').count()).toBe(0);
    // A remote image is not loaded (the CSP's img-src), its alt text stays.
    expect(await email.getByAltText('Logo').getAttribute('src')).toBeNull();
    // The email's own inline style is applied (through the CSSOM, under the console's CSP).
    const colour = await email
      .locator('p')
      .first()
      .evaluate(
        (p) => (globalThis as unknown as { getComputedStyle(e: unknown): { color: string } }).getComputedStyle(p).color,
      );
    expect(colour).toBe('rgb(26, 26, 26)');
    const strong = await email
      .locator('strong')
      .evaluate(
        (b) => (globalThis as unknown as { getComputedStyle(e: unknown): { color: string } }).getComputedStyle(b).color,
      );
    expect(strong).toBe('rgb(26, 26, 26)');
    await captureView(page, 'workflow-preview');

    await page.getByRole('button', { name: 'Send test' }).click();
    const sent = page.getByTestId('send-test-result');
    await sent.waitFor({ timeout: SHOWN });
    expect(await sent.textContent()).toContain(`Sent to ${subscriberId}`);
    await captureView(page, 'workflow-send-test');
    await sent.getByRole('link', { name: 'Follow it in its timeline' }).click();
    await page.waitForURL(/\/console\/notifications\/[0-9a-f-]{36}$/, { timeout: SHOWN });
    await page.getByRole('heading', { name: 'Order shipped' }).waitFor({ timeout: SHOWN });
    await expectEventually(
      async () =>
        expect(
          await page
            .getByTestId('timeline-step')
            .evaluateAll((steps) =>
              steps.map((step) => `${step.getAttribute('data-step-type')}:${step.getAttribute('data-status')}`),
            ),
        ).toEqual(['in_app:completed', 'email:completed']),
      { timeoutMs: SHOWN },
    );
    await expect(page.getByTestId('notification-state').textContent()).resolves.toBe('delivered');
    await captureView(page, 'workflow-send-test-timeline');

    await openSection(page, 'Workflows');
    await page.getByRole('link', { name: 'Broken template' }).click();
    await page.getByRole('button', { name: 'Preview Faulty' }).click();
    const refused = page.getByTestId('preview-error');
    await refused.waitFor({ timeout: SHOWN });
    expect(await refused.textContent()).toMatch(
      /Herald refused controlValues\.body \(.*no_such_filter.*\); correct it/,
    );
    await captureView(page, 'workflow-preview-error');
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
