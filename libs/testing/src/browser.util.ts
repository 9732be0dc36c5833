import { existsSync, mkdirSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

import { build } from 'esbuild';
import { type Browser, chromium, type Page } from 'playwright-core';

/**
 * Headless Chromium for browser suites: Debian's `chromium` (or `HERALD_CHROMIUM`), driven by
 * playwright-core, whose own browser download does not work on these machines.
 */
const CANDIDATES = [process.env.HERALD_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'];

/** Where screenshots go, relative to the repository root. */
export const SCREENSHOT_DIR = path.resolve(__dirname, '../../../.herald/screenshots');

/** The Chromium executable, or undefined when none is installed. */
export function findChromium(): string | undefined {
  return CANDIDATES.find((candidate): candidate is string => !!candidate && existsSync(candidate));
}

/**
 * `describe` when Chromium is installed; otherwise `describe.skip`, saying why once (CI installs
 * Chromium, so there the suite always runs).
 */
export function describeInChromium(name: string, body: () => void): void {
  if (findChromium()) return describe(name, body);
  console.warn(`skipping "${name}": no Chromium found (apt-get install chromium, or set HERALD_CHROMIUM)`);
  describe.skip(name, body);
}

export async function launchChromium(): Promise<Browser> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error('no Chromium found (apt-get install chromium, or set HERALD_CHROMIUM)');
  // Root in a container has no user namespace for Chromium's sandbox.
  return chromium.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}

/** Saves a full-page screenshot as `.herald/screenshots/<name>.png` and returns its path. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** A page served from its own origin (its own port): one HTML document and its bundled script. */
export interface ServedPage {
  /** `http://127.0.0.1:<port>/` */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Bundles `entry` (TypeScript/TSX) for the browser with esbuild and serves it at `/` from a new
 * local origin. The page reads its settings from its query string.
 */
export async function serveBundledPage(options: { entry: string; title: string }): Promise<ServedPage> {
  const bundle = await build({
    entryPoints: [options.entry],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    jsx: 'automatic',
    minify: false,
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  const script = bundle.outputFiles[0].contents;
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>${options.title}</title></head><body><div id="root"></div><script src="/bundle.js"></script></body></html>`;
  const server = http.createServer((request, response) => {
    if (request.url === '/bundle.js') {
      response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(script);
    } else if (request.url === '/favicon.ico') {
      response.writeHead(204).end(); // no 404 in the page's console
    } else if (request.url === '/' || request.url?.startsWith('/?')) {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
