import { expectEventually, type SmtpReceiver, startSmtpReceiver } from '@herald/testing';
import type { Browser, Page } from 'playwright-core';

import { HeraldApi } from '../e2e/support/herald-api';
import { type HeraldSystem, startHeraldSystem } from '../e2e/support/herald-system';
import { createEnvironment } from '../fuzz/support/seed-environment';
import { describeInChromium, launchChromium } from '../libs/testing/src/browser.util';
import { captureView, watchedPage as watchedPageIn } from './support/console-page.util';

// Issue 17: the web console in headless Chromium against the whole system. Generous deadlines, no
// timing assertions: each wait is for what the page shows, not for how long it took.
const OPERATOR_TOKEN = 'console-browser-operator-token-0123456789';
const SHOWN = 60_000;
const unique = (name: string) => `${name}-${Math.random().toString(36).slice(2, 8)}`;

let system: HeraldSystem;
let api: HeraldApi;
let smtp: SmtpReceiver;
let browser: Browser;
const watchedPage = (allow?: (problem: string) => boolean) => watchedPageIn(browser, allow);
const delayWorkflow = unique('console-delay');
const digestWorkflow = unique('console-digest');

async function signIn(page: Page, apiKey: string): Promise<void> {
  await page.goto(`${system.apiUrl}/console`);
  await page.getByLabel('API key').fill(apiKey);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Activity' }).waitFor({ timeout: SHOWN });
}

async function stepStatuses(page: Page): Promise<string[]> {
  return page
    .locator('[data-testid="timeline-step"]')
    .evaluateAll((steps) =>
      steps.map((step) => `${step.getAttribute('data-step-type')}:${step.getAttribute('data-status')}`),
    );
}

describeInChromium('the web console', () => {
  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    system = await startHeraldSystem('console', { env: { OPERATOR_TOKEN } });
    api = new HeraldApi(system);
    await api.createIntegration({
      providerId: 'nodemailer',
      channel: 'email',
      identifier: unique('smtp'),
      credentials: { host: smtp.host, port: String(smtp.port), secure: false, from: 'herald@example.com' },
    });
    await api.createWorkflow({
      workflowId: delayWorkflow,
      name: 'Delay then email',
      steps: [
        { name: 'Wait', type: 'delay', controlValues: { type: 'regular', amount: 2, unit: 'seconds' } },
        { name: 'Email', type: 'email', controlValues: { subject: 'Hi {{payload.name}}', body: 'Hello' } },
      ],
    });
    await api.createWorkflow({
      workflowId: digestWorkflow,
      name: 'Digest then inbox',
      steps: [
        { name: 'Collect', type: 'digest', controlValues: { amount: 3, unit: 'seconds' } },
        { name: 'Inbox', type: 'in_app', controlValues: { body: '{{step.total_count}} updates' } },
      ],
    });
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await system?.stop();
    await smtp?.close();
  }, 90_000);

  const systemIt = (name: string, body: () => Promise<void>) => it(name, () => system.withLogsOnFailure(body), 240_000);

  systemIt('signs in with a pasted key, keeps it out of URLs, and shows the first-trigger curl', async () => {
    const { context, page, problems } = await watchedPage();
    await page.goto(`${system.apiUrl}/console`);
    await captureView(page, 'sign-in');
    await signIn(page, system.apiKey);
    await page.getByTestId('empty-state').waitFor({ timeout: SHOWN });
    await expect(page.getByTestId('empty-state').textContent()).resolves.toContain('/v1/events/trigger');
    await captureView(page, 'empty');
    expect(page.url()).not.toContain(system.apiKey);
    expect(await page.evaluate<string[]>('Object.values(window.sessionStorage)')).toContain(system.apiKey);
    expect(await page.evaluate<number>('window.localStorage.length')).toBe(0);
    expect(problems).toEqual([]);
    await context.close();
  });

  systemIt('follows activityFeedLink to the timeline of a delay → email trigger as it fills in', async () => {
    const { context, page, problems } = await watchedPage();
    await signIn(page, system.apiKey);
    const response = await api.request<{ data: { activityFeedLink: string; transactionId: string } }>(
      'POST',
      '/v1/events/trigger',
      { name: delayWorkflow, to: { subscriberId: unique('ada'), email: 'ada@example.com' }, payload: { name: 'Ada' } },
    );
    expect(response.status).toBe(201);
    const { activityFeedLink, transactionId } = response.body.data;
    expect(activityFeedLink).toBe(`/console/notifications?transactionId=${transactionId}`);

    // Leaving the list while its first loads are in flight would abort them (a "failed request").
    await page.waitForLoadState('networkidle');
    await page.goto(`${system.apiUrl}${activityFeedLink}`);
    await page.waitForURL(/\/console\/notifications\/[0-9a-f-]{36}$/, { timeout: SHOWN });
    await page.getByRole('heading', { name: 'Delay then email' }).waitFor({ timeout: SHOWN });
    await expectEventually(
      async () => expect(await stepStatuses(page)).toEqual(['delay:completed', 'email:completed']),
      {
        timeoutMs: SHOWN,
      },
    );
    await expect(page.getByTestId('notification-state').textContent()).resolves.toBe('delivered');
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).toContain('Trigger received');
    expect(text).toMatch(/fires at/);
    expect(text).toContain('nodemailer');
    await captureView(page, 'timeline');

    // The email as it was sent, re-rendered by Herald on demand (no copy is stored): the delay has nothing to show.
    const [delayStep, emailStep] = await page.getByTestId('timeline-step').all();
    await expect(delayStep.getByRole('button', { name: 'Show sent content' }).count()).resolves.toBe(0);
    await emailStep.getByRole('button', { name: 'Show sent content' }).click();
    const sent = emailStep.getByTestId('sent-content');
    await sent.waitFor({ timeout: SHOWN });
    await expect(sent.getByTestId('sent-subject').textContent()).resolves.toBe('Hi Ada');
    const mail = smtp.messages.find((message) => message.headers.get('subject') === 'Hi Ada');
    expect(mail?.html).toContain('Hello');
    await expect(sent.getByTestId('sent-email').getAttribute('sandbox')).resolves.toBe('allow-same-origin');
    const body = page.frameLocator('[data-testid="sent-email"]').locator('body');
    await expectEventually(async () => expect(await body.textContent()).toContain('Hello'), { timeoutMs: SHOWN });
    await captureView(page, 'timeline-sent');
    expect(page.url()).not.toContain(system.apiKey);
    expect(problems).toEqual([]);
    await context.close();
  });

  systemIt('charts triggers, deliveries and failures per minute from the server', async () => {
    const { context, page, problems } = await watchedPage();
    await signIn(page, system.apiKey);
    // The suite so far: one delay → email trigger, delivered once, nothing failed.
    const series = await api.request<{
      data: { points: { triggers: number; deliveries: number; failures: number }[] };
    }>('GET', '/v1/notifications/throughput');
    const total = (field: 'triggers' | 'deliveries' | 'failures') =>
      series.body.data.points.reduce((sum, point) => sum + point[field], 0);
    expect([total('triggers'), total('deliveries'), total('failures')]).toEqual([1, 1, 0]);
    await expectEventually(
      async () =>
        expect(await page.getByTestId('throughput-summary').textContent()).toBe(
          'Last hour: 1 trigger, 1 delivery, 0 failures.',
        ),
      { timeoutMs: SHOWN },
    );
    await expect(page.locator('[data-testid="throughput"] .recharts-line').count()).resolves.toBe(3);
    await captureView(page, 'throughput');
    expect(problems).toEqual([]);
    await context.close();
  });

  systemIt('shows a digest merging two triggers, and filters the list', async () => {
    const subscriberId = unique('grace');
    const first = await api.trigger({ name: digestWorkflow, to: subscriberId, payload: { n: 1 } });
    const second = await api.trigger({ name: digestWorkflow, to: subscriberId, payload: { n: 2 } });
    const { context, page, problems } = await watchedPage();
    await signIn(page, system.apiKey);

    // Filter by workflow and subscriber: only this digest's two notifications.
    await page.getByLabel('Workflow').fill(digestWorkflow);
    await page.getByLabel('Subscriber').fill(subscriberId);
    await page.getByRole('button', { name: 'Apply filters' }).click();
    const rows = page.getByTestId('notification-row');
    await expectEventually(
      async () =>
        expect(
          (await rows.evaluateAll((all) => all.map((row) => row.getAttribute('data-transaction-id')))).sort(),
        ).toEqual([first.transactionId, second.transactionId].sort()),
      { timeoutMs: SHOWN },
    );
    expect(page.url()).toContain(`subscriberId=${subscriberId}`);
    await captureView(page, 'activity-filtered');

    // Filter by transactionId: one row.
    await page.getByLabel('Subscriber').fill('');
    await page.getByLabel('Transaction').fill(second.transactionId);
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expectEventually(async () => expect(await rows.count()).toBe(1), { timeoutMs: SHOWN });

    // The merged follower and the digesting leader, both settled.
    await rows.first().getByRole('link').click();
    await page.waitForURL(/\/console\/notifications\/[0-9a-f-]{36}$/, { timeout: SHOWN });
    await expectEventually(
      async () =>
        expect(['digest:merged,in_app:merged', 'digest:completed,in_app:completed']).toContain(
          (await stepStatuses(page)).join(','),
        ),
      { timeoutMs: SHOWN },
    );
    await page.getByRole('link', { name: '← All notifications' }).click();
    await page.getByLabel('Workflow').fill(digestWorkflow);
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expectEventually(async () => expect(await rows.count()).toBe(2), { timeoutMs: SHOWN });
    await captureView(page, 'activity');

    // By status: the merged follower only; nothing of this workflow failed.
    await page.getByRole('textbox', { name: 'Status' }).click();
    await page.getByRole('option', { name: 'merged into a digest' }).click();
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expectEventually(async () => expect(await rows.count()).toBe(1), { timeoutMs: SHOWN });
    expect(page.url()).toContain('status=merged');
    await page.goto(`${system.apiUrl}/console/notifications?workflow=${digestWorkflow}&status=failed`);
    await page.getByTestId('no-match').waitFor({ timeout: SHOWN });
    expect(problems).toEqual([]);
    await context.close();
  });

  systemIt("never shows another environment's notifications", async () => {
    const mine = await api.request<{ data: { _id: string; transactionId: string }[] }>(
      'GET',
      '/v1/notifications?limit=50',
    );
    expect(mine.body.data.length).toBeGreaterThan(0);
    const me = await api.request<{ data: { _organizationId: string } }>('GET', '/v1/environments/me');
    const other = await createEnvironment(system.adminUrl, OPERATOR_TOKEN, me.body.data._organizationId);

    // The one expected failure: the other environment asks for a notification that is not its own.
    const foreignId = mine.body.data[0]._id;
    const { context, page, problems } = await watchedPage(
      (problem) => problem.includes(`/v1/notifications/${foreignId}`) || problem.includes('status of 404'),
    );
    await signIn(page, other.apiKey);
    await page.getByTestId('empty-state').waitFor({ timeout: SHOWN });
    await expect(page.getByTestId('notification-row').count()).resolves.toBe(0);

    await page.goto(`${system.apiUrl}/console/notifications/${foreignId}`);
    await page.getByRole('alert').waitFor({ timeout: SHOWN });
    const alert = (await page.getByRole('alert').textContent()) ?? '';
    expect(alert).toContain('Nothing was found');
    const shown = (await page.locator('body').textContent()) ?? '';
    for (const { transactionId } of mine.body.data) expect(shown).not.toContain(transactionId);
    await captureView(page, 'not-found');
    expect(problems).toEqual([]);
    await context.close();
  });
});
