import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';

import { ConfigValidationError, DEV_SECRETS } from '@herald/config';

import { gatewayConfig } from '../../src/core/config/gateway.config';
import { InboxSessionTokens } from '../../src/pipeline/authentication/inbox-session.token';
import { GatewayTestApp, startGatewayTestApp } from '../support/gateway-test-app';

const ROOT = resolve(__dirname, '../../../..');
const generated = () => randomBytes(32).toString('base64');
const HINT = 'openssl rand -base64 32';

/** Starts the gateway's main.ts as its own process with exactly `env`; resolves with how it ended. */
function runGateway(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', resolve(ROOT, 'apps/api-gateway/src/main.ts')], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HTTP_PORT: '0', DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stderr });
    });
  });
}

const problemLines = (stderr: string) => stderr.split('\n').filter((line) => line.startsWith('  - '));

describe('api-gateway in production mode refuses dev secrets', () => {
  it('exits non-zero with one line per repository secret, saying how to generate a value, never echoing it', async () => {
    const published = {
      INBOX_SESSION_SECRET: DEV_SECRETS.INBOX_SESSION_SECRET,
      // What docker-compose.yml and the k8s dev overlay used to ship.
      API_KEY_HMAC_SECRET: 'dev-only-api-key-hmac-secret-not-for-production',
      CREDENTIALS_ENCRYPTION_KEY: DEV_SECRETS.CREDENTIALS_ENCRYPTION_KEY,
      RUNNER_CREDENTIALS_KEY: DEV_SECRETS.RUNNER_CREDENTIALS_KEY,
      OPERATOR_TOKEN: 'operator-token-for-tests-0123456789',
    };
    const { code, stderr } = await runGateway({ NODE_ENV: 'production', ...published });
    expect(code).not.toBe(0);
    const lines = problemLines(stderr);
    expect(lines.map((line) => line.split(' ')[3]).sort()).toEqual(Object.keys(published).sort());
    for (const line of lines)
      expect(line).toMatch(new RegExp(`development value published in the Herald repository.*${HINT}`));
    for (const value of Object.values(published)) expect(stderr).not.toContain(value);
  });

  it('refuses unset and short secrets the same way', async () => {
    const { code, stderr } = await runGateway({
      NODE_ENV: 'production',
      API_KEY_HMAC_SECRET: randomBytes(16).toString('base64'),
      CREDENTIALS_ENCRYPTION_KEY: generated(),
    });
    expect(code).not.toBe(0);
    expect(problemLines(stderr)).toEqual([
      `  - API_KEY_HMAC_SECRET carries 16 bytes, production needs at least 32 (generate one with: ${HINT})`,
      `  - RUNNER_CREDENTIALS_KEY is required in production (generate one with: ${HINT})`,
      `  - INBOX_SESSION_SECRET is required in production (generate one with: ${HINT})`,
    ]);
  });

  it('refuses a missing, published, short or reused RUNNER_CREDENTIALS_KEY in production', () => {
    const others = {
      NODE_ENV: 'production',
      INBOX_SESSION_SECRET: generated(),
      API_KEY_HMAC_SECRET: generated(),
      CREDENTIALS_ENCRYPTION_KEY: generated(),
    };
    const problems = (value?: string) => {
      try {
        gatewayConfig.load(value === undefined ? others : { ...others, RUNNER_CREDENTIALS_KEY: value });
        return [];
      } catch (error) {
        return error instanceof ConfigValidationError ? error.problems : [String(error)];
      }
    };
    expect(problems()).toEqual([`RUNNER_CREDENTIALS_KEY is required in production (generate one with: ${HINT})`]);
    expect(problems(DEV_SECRETS.RUNNER_CREDENTIALS_KEY)).toEqual([
      expect.stringMatching(/^RUNNER_CREDENTIALS_KEY is a development value published in the Herald repository/),
    ]);
    expect(problems(randomBytes(16).toString('base64'))).toEqual([
      `RUNNER_CREDENTIALS_KEY carries 16 bytes, production needs at least 32 (generate one with: ${HINT})`,
    ]);
    expect(problems(others.CREDENTIALS_ENCRYPTION_KEY)).toEqual([
      `RUNNER_CREDENTIALS_KEY must differ from CREDENTIALS_ENCRYPTION_KEY: the runners hold it, the at-rest key never leaves the gateway (generate one with: ${HINT})`,
    ]);
    const key = randomBytes(32);
    expect(gatewayConfig.load({ ...others, RUNNER_CREDENTIALS_KEY: key.toString('base64') })).toMatchObject({
      RUNNER_CREDENTIALS_KEY: key,
      INTEGRATIONS_RPC_SERVE_CLEAR_V1: false,
    });
  });

  it('keeps development zero-config: the dev defaults load without any variable', () => {
    expect(gatewayConfig.load({})).toMatchObject({
      NODE_ENV: 'development',
      INBOX_SESSION_SECRET: DEV_SECRETS.INBOX_SESSION_SECRET,
      RUNNER_CREDENTIALS_KEY: Buffer.from(DEV_SECRETS.RUNNER_CREDENTIALS_KEY, 'base64'),
      OPERATOR_TOKEN: '',
    });
  });
});

describe('api-gateway in production mode: inbox session tokens', () => {
  const secrets = {
    INBOX_SESSION_SECRET: generated(),
    API_KEY_HMAC_SECRET: generated(),
    CREDENTIALS_ENCRYPTION_KEY: generated(),
    RUNNER_CREDENTIALS_KEY: generated(),
  };
  let gateway: GatewayTestApp;

  beforeAll(async () => {
    gateway = await startGatewayTestApp({ NODE_ENV: 'production', ...secrets });
  });
  afterAll(() => gateway?.close());

  const session = (secret: string) =>
    new InboxSessionTokens(secret).sign({
      environmentId: gateway.environment.environmentId,
      organizationId: gateway.environment.organizationId,
      subscriberId: 'ada',
      expiresAt: Date.parse('2100-01-01'),
    });

  /** Opens the stream and closes it again; resolves with the status and, for a refusal, the body. */
  async function stream(token: string, how: 'header' | 'query'): Promise<{ status: number; body: string }> {
    const abort = new AbortController();
    const url = `${gateway.baseUrl}/v1/inbox/stream${how === 'query' ? `?token=${encodeURIComponent(token)}` : ''}`;
    const response = await fetch(url, {
      headers: how === 'header' ? { authorization: `Bearer ${token}` } : {},
      signal: abort.signal,
    });
    const body = response.status === 200 ? '' : await response.text();
    abort.abort();
    return { status: response.status, body };
  }

  it('cannot be configured with the dev secret, so a token the dev secret signed gets 401', async () => {
    // The environment docker-compose.yml and k8s gave the gateway: no INBOX_SESSION_SECRET.
    const { INBOX_SESSION_SECRET: _unset, ...composeLike } = secrets;
    expect(() => gatewayConfig.load({ NODE_ENV: 'production', ...composeLike })).toThrow(ConfigValidationError);
    expect(() =>
      gatewayConfig.load({
        NODE_ENV: 'production',
        ...secrets,
        INBOX_SESSION_SECRET: DEV_SECRETS.INBOX_SESSION_SECRET,
      }),
    ).toThrow(/INBOX_SESSION_SECRET is a development value/);
    const forged = session(DEV_SECRETS.INBOX_SESSION_SECRET);
    for (const how of ['header', 'query'] as const) expect((await stream(forged, how)).status).toBe(401);
    expect((await stream(session(secrets.INBOX_SESSION_SECRET), 'header')).status).toBe(200);
  });

  it('refuses a malleated signature (`<sig>=`, `<sig>!!!`) with 401', async () => {
    const valid = session(secrets.INBOX_SESSION_SECRET);
    for (const malleated of [`${valid}=`, `${valid}!!!`, `${valid}==`]) {
      for (const how of ['header', 'query'] as const)
        expect({ malleated, how, status: (await stream(malleated, how)).status }).toEqual({
          malleated,
          how,
          status: 401,
        });
    }
  });

  it('echoes no token or key in a 401 body', async () => {
    const token = `${session(secrets.INBOX_SESSION_SECRET)}!!!`;
    const refused = await stream(token, 'query');
    expect(refused.status).toBe(401);
    expect(JSON.parse(refused.body)).toMatchObject({ statusCode: 401, path: '/v1/inbox/stream' });
    expect(refused.body).not.toContain(token.slice(0, 20));
    const apiKey = `hk_test_${randomBytes(16).toString('hex')}`;
    const unknownKey = await fetch(`${gateway.baseUrl}/v1/environments/me?apiKey=${apiKey}`, {
      headers: { authorization: `ApiKey ${apiKey}` },
    });
    expect(unknownKey.status).toBe(401);
    expect(await unknownKey.text()).not.toContain(apiKey);
  });
});
