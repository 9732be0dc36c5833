import { readFileSync } from 'node:fs';

import type { Browser, BrowserContext, Page } from 'playwright-core';

import { saveScreenshot } from '../../libs/testing/src/browser.util';

/** The widths every console view is checked and pictured at. */
export const WIDTHS = [1280, 375] as const;

/** A page whose console errors, uncaught exceptions, failed requests and 4xx/5xx answers are collected. */
export interface WatchedPage {
  context: BrowserContext;
  page: Page;
  problems: string[];
}

export async function watchedPage(
  browser: Browser,
  allow: (problem: string) => boolean = () => false,
): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems: string[] = [];
  const note = (problem: string) => {
    if (!allow(problem)) problems.push(problem);
  };
  page.on('console', (message) => {
    if (message.type() === 'error') note(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => note(`page error: ${error.message}`));
  page.on('requestfailed', (request) => note(`request failed: ${request.url()} ${request.failure()?.errorText}`));
  page.on('response', (response) => {
    if (response.status() >= 400) note(`HTTP ${response.status()}: ${response.url()}`);
  });
  return { context, page, problems };
}

/** axe-core in the page (evaluated over the DevTools protocol, which the page's CSP does not govern). */
export async function expectAccessible(page: Page, view: string): Promise<void> {
  const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(`${axeSource}\n;undefined`);
  // A string, evaluated in the page: this file is type-checked without the DOM library.
  const found = await page.evaluate<AxeViolation[]>('axe.run().then((result) => result.violations)');
  const violations = found.map(({ id, impact, nodes }) => ({
    id,
    impact,
    targets: nodes.slice(0, 3).map((node) => node.target.join(' ')),
  }));
  expect({ view, serious: violations.filter((v) => v.impact === 'serious' || v.impact === 'critical') }).toEqual({
    view,
    serious: [],
  });
}
interface AxeViolation {
  id: string;
  impact: string | null;
  nodes: { target: string[] }[];
}

/** Screenshots at both widths, with no horizontal scrolling at either, and an axe pass at each. */
export async function captureView(page: Page, view: string): Promise<void> {
  await page.mouse.move(0, 0); // no hover tooltip in the pictures
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    await page.waitForTimeout(100); // one layout pass after the resize before measuring
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    // On failure, name the elements that stick out.
    const wide =
      overflow === 0
        ? []
        : await page.evaluate<string[]>(
            `[...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
              .slice(-5).map((e) => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))`,
          );
    expect({ view, width, overflow, wide }).toEqual({ view, width, overflow: 0, wide: [] });
    await saveScreenshot(page, `console-${view}-${width}`);
    await expectAccessible(page, `${view} at ${width} px`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}
