import { randomUUID } from 'node:crypto';

import { expectEventually } from '@herald/testing';
import * as amqp from 'amqplib';
import type { Browser, Page } from 'playwright-core';

import { HeraldApi } from '../e2e/support/herald-api';
import { type HeraldSystem, startHeraldSystem } from '../e2e/support/herald-system';
import { describeInChromium, launchChromium } from '../libs/testing/src/browser.util';
import { captureView, watchedPage } from './support/console-page.util';

// Issue 17, operator slice: the operator console on the admin listener (organizations, environments,
// API keys, dead letters and replay), and nothing of it on the public port.
const OPERATOR_TOKEN = 'console-browser-operator-token-0123456789';
const SHOWN = 60_000;
const DEAD_QUEUE = 'trigger-worker.trigger-requested';

let system: HeraldSystem;
let browser: Browser;

async function signInAsOperator(page: Page): Promise<void> {
  await page.goto(`${system.adminUrl}/admin/console`);
  await page.getByLabel('Operator token').fill(OPERATOR_TOKEN);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Organizations' }).waitFor({ timeout: SHOWN });
}

/** A trigger the worker cannot read (not an envelope): it validates, refuses and dead-letters it. */
async function publishPoisonTrigger(marker: string): Promise<void> {
  const connection = await amqp.connect(system.amqpUrl);
  try {
    const channel = await connection.createConfirmChannel();
    const body = Buffer.from(JSON.stringify({ marker, note: 'not a Herald envelope' }));
    channel.publish(`${system.brokerPrefix}.herald`, 'trigger.requested.v1', body, {
      messageId: randomUUID(),
      type: 'trigger.requested.v1',
      contentType: 'application/json',
      persistent: true,
    });
    await channel.waitForConfirms();
  } finally {
    await connection.close();
  }
}

async function deadCount(page: Page): Promise<string | null> {
  return page.locator(`[data-testid="dead-letter-queue"][data-queue="${DEAD_QUEUE}"]`).getAttribute('data-count');
}

describeInChromium('the operator console', () => {
  beforeAll(async () => {
    system = await startHeraldSystem('console-admin', { env: { OPERATOR_TOKEN } });
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  }, 90_000);

  const systemIt = (name: string, body: () => Promise<void>) => it(name, () => system.withLogsOnFailure(body), 240_000);

  systemIt('is served on the operator port only: the public port refuses its page, assets and routes', async () => {
    for (const path of ['/admin/console', '/admin/console/dead-letters', '/admin/console/assets/console.js']) {
      const response = await fetch(`${system.apiUrl}${path}`);
      expect({ path, status: response.status }).toEqual({ path, status: 404 });
    }
    for (const path of ['/admin/organizations', '/admin/dead-letters']) {
      const response = await fetch(`${system.apiUrl}${path}`, {
        headers: { Authorization: `Bearer ${OPERATOR_TOKEN}` },
      });
      expect({ path, status: response.status }).toEqual({ path, status: 404 });
    }
    // In a browser: the public port shows no operator view, only Herald's 404.
    const { context, page } = await watchedPage(browser);
    const response = await page.goto(`${system.apiUrl}/admin/console`);
    expect(response?.status()).toBe(404);
    await expect(page.getByLabel('Operator token').count()).resolves.toBe(0);
    await context.close();
  });

  systemIt('signs in with the operator token and shows organizations, environments and masked keys', async () => {
    // The one expected failure: the wrong token's 401.
    const wrong = await watchedPage(
      browser,
      (problem) => problem.includes('/admin/organizations') || problem.includes('status of 401'),
    );
    await wrong.page.goto(`${system.adminUrl}/admin/console`);
    await captureView(wrong.page, 'operator-sign-in');
    await wrong.page.getByLabel('Operator token').fill('not-the-token');
    await wrong.page.getByRole('button', { name: 'Sign in' }).click();
    await expect(wrong.page.getByRole('alert').textContent()).resolves.toContain('OPERATOR_TOKEN');
    expect(wrong.problems).toEqual([]);
    await wrong.context.close();

    const { context, page, problems } = await watchedPage(browser);
    await signInAsOperator(page);
    const card = page.getByTestId('environment-card').first();
    await card.waitFor({ timeout: SHOWN });
    await card.getByTestId('api-key-row').first().waitFor({ timeout: SHOWN });
    const shown = (await page.locator('body').textContent()) ?? '';
    expect(shown).not.toContain(system.apiKey);
    expect(shown).toContain(`••••••••${system.apiKey.slice(-4)}`);
    expect(page.url()).not.toContain(OPERATOR_TOKEN);
    expect(await page.evaluate<string[]>('Object.values(window.sessionStorage)')).toEqual([OPERATOR_TOKEN]);
    await captureView(page, 'operator-organizations');

    // A new key is shown once, works, and is revoked from the same card.
    const rows = card.getByTestId('api-key-row');
    const before = await rows.count();
    await card.getByRole('button', { name: 'Create API key' }).click();
    const issued = (await card.getByTestId('issued-key').locator('pre, code').first().textContent())?.trim() ?? '';
    expect(issued.length).toBeGreaterThan(20);
    await expectEventually(async () => expect(await rows.count()).toBe(before + 1), { timeoutMs: SHOWN });
    const me = await new HeraldApi({ ...system, apiKey: issued }).request('GET', '/v1/environments/me');
    expect(me.status).toBe(200);
    await rows.last().getByRole('button', { name: 'Revoke…' }).click();
    await rows.last().getByRole('button', { name: 'Revoke now' }).click();
    await rows
      .last()
      .getByText(/revoked/)
      .waitFor({ timeout: SHOWN });
    await expectEventually(
      async () =>
        expect((await new HeraldApi({ ...system, apiKey: issued }).request('GET', '/v1/environments/me')).status).toBe(
          401,
        ),
      { timeoutMs: SHOWN },
    );
    expect(problems).toEqual([]);
    await context.close();
  });

  systemIt('shows a dead letter with its reason and body, and replays it', async () => {
    const marker = `poison-${randomUUID()}`;
    await publishPoisonTrigger(marker);
    const { context, page, problems } = await watchedPage(browser);
    await signInAsOperator(page);
    await page.getByRole('link', { name: 'Dead letters' }).click();
    await page.waitForURL(/\/admin\/console\/dead-letters$/);
    await expectEventually(
      async () => {
        await page.getByRole('button', { name: 'Refresh' }).click();
        expect(await deadCount(page)).toBe('1');
      },
      { timeoutMs: SHOWN },
    );
    await captureView(page, 'operator-dead-letter-queues');

    await page.getByRole('button', { name: `Show 1 message in ${DEAD_QUEUE}` }).click();
    const letter = page.getByTestId('dead-letter');
    await letter.first().waitFor({ timeout: SHOWN });
    await expect(letter.getByTestId('dead-letter-body').textContent()).resolves.toContain(marker);
    const reason = (await letter.locator('button').first().textContent()) ?? '';
    expect(reason.length).toBeGreaterThan(10);
    await captureView(page, 'operator-dead-letters');

    await page.getByRole('button', { name: 'Replay all 1' }).click();
    await expect(page.getByTestId('replayed').textContent()).resolves.toContain(
      `1 message moved from ${DEAD_QUEUE}.dead back to ${DEAD_QUEUE}`,
    );
    // Still not an envelope: the worker refuses it again and it comes back, a fresh dead letter.
    await expectEventually(
      async () => {
        await page.getByRole('button', { name: 'Refresh' }).click();
        expect(await deadCount(page)).toBe('1');
      },
      { timeoutMs: SHOWN },
    );
    expect(problems).toEqual([]);
    await context.close();
  });

  systemIt('explains a dead-letter queue it does not know, in a sentence', async () => {
    const response = await fetch(`${system.adminUrl}/admin/dead-letters/api-gateway.rpc`, {
      headers: { Authorization: `Bearer ${OPERATOR_TOKEN}` },
    });
    expect(response.status).toBe(404);
    expect(((await response.json()) as { message: string }).message).toContain('No dead-letter queue');
  });
});
