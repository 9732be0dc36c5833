import { randomBytes } from 'node:crypto';

/** Where the console lives on the public port. */
export const CONSOLE_PATH = '/console';

/** Where the operator console lives: below `/admin`, so only the operator listener serves it. */
export const ADMIN_CONSOLE_PATH = '/admin/console';

/**
 * The console page's policy: scripts and stylesheets only from this origin, inline `<style>` only
 * with the page's nonce (Mantine writes its CSS variables that way), no inline script at all, calls
 * only to this origin (the public API), never framed.
 */
export function consoleContentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** A fresh nonce per page (128 random bits). */
export function newStyleNonce(): string {
  return randomBytes(16).toString('base64');
}

/**
 * The one HTML document of the console; the bundle reads the nonce from its own script tag and
 * picks the operator views from the path it was opened at.
 */
export function consolePage(nonce: string, base = CONSOLE_PATH): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta name="referrer" content="no-referrer">
    <title>${base === ADMIN_CONSOLE_PATH ? 'Herald Operator Console' : 'Herald Console'}</title>
    <link rel="icon" href="data:,">
    <link rel="stylesheet" href="${base}/assets/console.css">
    <script defer nonce="${nonce}" src="${base}/assets/console.js"></script>
  </head>
  <body>
    <div id="root"></div>
    <noscript>The Herald Console needs JavaScript.</noscript>
  </body>
</html>
`;
}
