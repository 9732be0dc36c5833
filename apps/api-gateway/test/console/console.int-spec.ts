import { activityFeedLink } from '../../src/core/console/activity-feed-link';
import { GatewayTestApp, startGatewayTestApp } from '../support/gateway-test-app';

/** Issue 17: the web console at /console, its Content-Security-Policy, and CONSOLE_ENABLED. */
describe('the console', () => {
  describe('enabled (the default)', () => {
    let gateway: GatewayTestApp;
    beforeAll(async () => {
      gateway = await startGatewayTestApp({ PUBLIC_URL: 'https://herald.example.com' });
    });
    afterAll(() => gateway.close());

    it.each(['/console', '/console/', '/console/notifications/0b6f1c2e-0000-4000-8000-000000000000'])(
      'serves the page at %s with a strict Content-Security-Policy',
      async (path) => {
        const response = await fetch(`${gateway.baseUrl}${path}`);
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toMatch(/^text\/html/);
        const policy = response.headers.get('content-security-policy') ?? '';
        const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(policy)?.[1];
        expect(nonce).toBeDefined();
        expect(policy).toContain("default-src 'none'");
        expect(policy).toContain("script-src 'self';");
        expect(policy).toContain(`style-src 'self' 'nonce-${nonce}'`);
        expect(policy).toContain("frame-ancestors 'none'");
        expect(policy).not.toContain('unsafe-inline');
        expect(policy).not.toContain('unsafe-eval');
        expect(response.headers.get('x-content-type-options')).toBe('nosniff');
        expect(response.headers.get('cache-control')).toBe('no-store');
        const html = await response.text();
        // No inline script: the only script is the bundle, carrying the style nonce for Mantine.
        expect(html.match(/<script/g)).toHaveLength(1);
        expect(html).toContain(`<script defer nonce="${nonce}" src="/console/assets/console.js"></script>`);
      },
    );

    it('gives every page its own nonce', async () => {
      const nonce = async () =>
        (await fetch(`${gateway.baseUrl}/console`)).headers.get('content-security-policy')?.match(/nonce-([^']+)/)?.[1];
      expect(await nonce()).not.toEqual(await nonce());
    });

    it('serves only the bundle files, never a path of the file system', async () => {
      for (const path of ['/console/assets/..%2F..%2Fpackage.json', '/console/assets/index.ts', '/console/assets/x']) {
        expect((await fetch(`${gateway.baseUrl}${path}`)).status).toBe(404);
      }
    });

    it('is not served on the operator port', async () => {
      expect((await fetch(`${gateway.adminUrl}/console`)).status).toBe(404);
    });

    it.each(['/admin/console', '/admin/console/dead-letters'])(
      'serves the operator console at %s on the operator port only, under the same policy',
      async (path) => {
        const response = await fetch(`${gateway.adminUrl}${path}`);
        expect(response.status).toBe(200);
        const policy = response.headers.get('content-security-policy') ?? '';
        expect(policy).toContain("default-src 'none'");
        expect(policy).not.toContain('unsafe-inline');
        expect(await response.text()).toContain('src="/admin/console/assets/console.js"');
        for (const publicPath of [path, '/admin/console/assets/console.js', '/ADMIN/console', '/%61dmin/console']) {
          const refused = await fetch(`${gateway.baseUrl}${publicPath}`);
          expect({ publicPath, status: refused.status }).toEqual({ publicPath, status: 404 });
          expect(refused.headers.get('content-security-policy')).toBeNull();
        }
      },
    );

    it('keeps the operator routes the console calls off the public port', async () => {
      for (const path of ['/admin/organizations', '/admin/dead-letters']) {
        const response = await fetch(`${gateway.baseUrl}${path}`, { headers: { Authorization: 'Bearer x' } });
        expect({ path, status: response.status }).toEqual({ path, status: 404 });
      }
    });

    it('points activityFeedLink at the console under PUBLIC_URL', async () => {
      expect(activityFeedLink('tx', gateway.config)).toBe(
        'https://herald.example.com/console/notifications?transactionId=tx',
      );
    });
  });

  describe('CONSOLE_ENABLED=false', () => {
    let gateway: GatewayTestApp;
    beforeAll(async () => {
      gateway = await startGatewayTestApp({ CONSOLE_ENABLED: 'false' });
    });
    afterAll(() => gateway.close());

    it.each(['/console', '/console/notifications', '/console/assets/console.js', '/admin/console'])(
      'answers %s with 404',
      async (path) => {
        const base = path.startsWith('/admin') ? gateway.adminUrl : gateway.baseUrl;
        const response = await fetch(`${base}${path}`);
        expect(response.status).toBe(404);
        expect(response.headers.get('content-security-policy')).toBeNull();
      },
    );
  });
});
