import path from 'node:path';

import { expectEventually } from '@herald/testing';
import type { Browser, Page } from 'playwright-core';

import { uniqueName } from '../e2e/support/expect-jobs.util';
import { type HeraldSystem, startHeraldSystem } from '../e2e/support/herald-system';
import { devEnvironment, type InboxEnvironment, subscriberHash } from '../e2e/support/novu-inbox';
import {
  describeInChromium,
  launchChromium,
  saveScreenshot,
  serveBundledPage,
  type ServedPage,
} from '../libs/testing/src/browser.util';

// Issue 15: Novu's own <Inbox /> (@novu/react 3.19, bundled with esbuild) on a page served from
// another origin than Herald, so CORS is exercised, with only backendUrl and socketUrl pointed at
// Herald. Each wait is for what the page shows; nothing is timed.
const SHOWN = 60_000;

let system: HeraldSystem;
let dev: InboxEnvironment;
let page: ServedPage;
let browser: Browser;
const workflowId = uniqueName('inbox-browser');

async function trigger(subscriberId: string, title: string): Promise<void> {
  const { status } = await dev.api.trigger({ name: workflowId, to: subscriberId, payload: { title } });
  expect(status).toBe('processed');
}

/** The unread notifications of a subscriber, as Herald's API answers them. */
async function unreadCount(subscriberId: string): Promise<number> {
  const answer = await dev.api.request<{ data: { count: number } }>(
    'GET',
    `/v1/subscribers/${subscriberId}/notifications/unseen?seen=false`,
  );
  expect(answer.status).toBe(200);
  return answer.body.data.count;
}

/** Opens the customer's page for one subscriber and collects everything that goes wrong in it. */
async function openInbox(subscriberId: string): Promise<{ tab: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const tab = await context.newPage();
  const problems: string[] = [];
  tab.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  tab.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  tab.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  const query = new URLSearchParams({
    applicationIdentifier: dev.identifier,
    subscriberId,
    subscriberHash: subscriberHash(dev.apiKey, subscriberId),
    backendUrl: system.apiUrl,
    socketUrl: system.apiUrl,
  });
  await tab.goto(`${page.url}?${query}`);
  return { tab, problems };
}

describeInChromium("Novu's <Inbox /> against Herald", () => {
  beforeAll(async () => {
    system = await startHeraldSystem('inbox_browser');
    dev = await devEnvironment(system);
    await dev.api.createWorkflow({
      workflowId,
      name: 'Inbox in the browser',
      steps: [
        {
          name: 'Inbox',
          type: 'in_app',
          controlValues: { subject: '{{payload.title}}', body: 'Details of {{payload.title}}' },
        },
      ],
    });
    page = await serveBundledPage({ entry: path.join(__dirname, 'pages/inbox.page.tsx'), title: 'A customer app' });
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await page?.close();
    await system?.stop();
  }, 90_000);

  it('shows the unread count, the rendered notification, marks it read, receives a live one and archives', () =>
    system.withLogsOnFailure(async () => {
      const subscriberId = uniqueName('browser-subscriber');
      await trigger(subscriberId, 'Invoice 42 is ready');
      await expectEventually(async () => expect(await unreadCount(subscriberId)).toBe(1), { timeoutMs: SHOWN });

      const { tab, problems } = await openInbox(subscriberId);
      // The bell: Novu 3 marks unread notifications with a dot on it.
      const bell = tab.locator('.nv-bellContainer');
      await tab.locator('.nv-bellDot').waitFor({ timeout: SHOWN });
      await saveScreenshot(tab, 'inbox-bell-unread');

      // The list: the notification as Herald rendered it (Liquid in subject and body), unread.
      await bell.click();
      const first = tab.locator('.nv-notification', { hasText: 'Invoice 42 is ready' });
      await first.waitFor({ timeout: SHOWN });
      expect(await first.locator('.nv-notificationSubject').textContent()).toBe('Invoice 42 is ready');
      expect(await first.locator('.nv-notificationBody').textContent()).toBe('Details of Invoice 42 is ready');
      expect(await first.locator('.nv-notificationDot').count()).toBe(1);
      await saveScreenshot(tab, 'inbox-open');

      // Clicking it marks it read, in Herald too; the bell's dot goes.
      await first.locator('.nv-notificationSubject').click();
      await first.locator('.nv-notificationDot').waitFor({ state: 'detached', timeout: SHOWN });
      await expectEventually(async () => expect(await unreadCount(subscriberId)).toBe(0), { timeoutMs: SHOWN });
      await tab.locator('.nv-bellDot').waitFor({ state: 'detached', timeout: SHOWN });

      // A trigger sent now is announced without a reload (socket.io's notification_received): the
      // open list offers "1 new notification", which shows it, unread; the dot comes back.
      await trigger(subscriberId, 'Invoice 43 is ready');
      const notice = tab.locator('.nv-notificationListNewNotificationsNotice__button');
      await notice.waitFor({ timeout: SHOWN });
      expect(await notice.textContent()).toContain('1 new notification');
      await notice.click();
      const second = tab.locator('.nv-notification', { hasText: 'Invoice 43 is ready' });
      await second.waitFor({ timeout: SHOWN });
      await tab.locator('.nv-bellDot').waitFor({ timeout: SHOWN });
      await saveScreenshot(tab, 'inbox-live');

      // Archive moves it from the inbox to the archived view.
      await second.hover();
      await second.locator('.nv-notificationArchive__button').click();
      await second.waitFor({ state: 'detached', timeout: SHOWN });
      await tab.locator('.nv-inboxStatus__title').click();
      await tab.getByText('Archived', { exact: true }).click();
      await tab.locator('.nv-notification', { hasText: 'Invoice 43 is ready' }).waitFor({ timeout: SHOWN });
      expect(await tab.locator('.nv-notification', { hasText: 'Invoice 42 is ready' }).count()).toBe(0);
      await saveScreenshot(tab, 'inbox-archived');

      expect(problems).toEqual([]);
    }));
});
