import { GatewayTestApp, startGatewayTestApp } from '../../apps/api-gateway/test/support/gateway-test-app';
import { runControlPlaneCommand } from './control-plane.command';

const OPERATOR_TOKEN = 'operator-token-for-cli-tests-0123456789';

describe('herald org|env|key', () => {
  let gateway: GatewayTestApp;
  beforeAll(async () => {
    gateway = await startGatewayTestApp({ OPERATOR_TOKEN });
  });
  afterAll(() => gateway.close());

  async function herald(args: string[], token = OPERATOR_TOKEN) {
    const out: string[] = [];
    const err: string[] = [];
    const env = { HERALD_ADMIN_URL: `${gateway.adminUrl}/`, OPERATOR_TOKEN: token };
    const code = await runControlPlaneCommand(args, env, {
      out: (line) => out.push(line),
      err: (line) => err.push(line),
    });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- specs read arbitrary response fields
    const data: any = code === 0 && out.length > 0 ? JSON.parse(out.join('\n')) : undefined;
    return { code, data, err: err.join('\n') };
  }
  const me = (apiKey: string) =>
    fetch(`${gateway.baseUrl}/v1/environments/me`, { headers: { authorization: `ApiKey ${apiKey}` } });

  it('creates an organization, switches its idempotency, and manages an environment and its keys', async () => {
    const organization = await herald(['org', 'create', 'Cli org', '--idempotency', 'off']);
    expect(organization).toMatchObject({ code: 0, data: { name: 'Cli org', idempotencyEnabled: false } });
    const orgId = organization.data._id;
    expect((await herald(['org', 'set', orgId, '--idempotency=on'])).data).toMatchObject({
      _id: orgId,
      idempotencyEnabled: true,
    });
    expect((await herald(['org', 'show', orgId])).data).toMatchObject({
      _id: orgId,
      name: 'Cli org',
      idempotencyEnabled: true,
    });

    const environment = (await herald(['env', 'create', orgId, 'Production', '--identifier', 'cli-production'])).data;
    expect(environment).toMatchObject({ _organizationId: orgId, identifier: 'cli-production' });
    // A change through the CLI reaches every gateway replica as one through the API does.
    expect(
      (await herald(['org', 'set', orgId, '--name', 'Cli org, renamed', '--idempotency', 'off'])).data,
    ).toMatchObject({ name: 'Cli org, renamed', idempotencyEnabled: false });
    const [announced] = await gateway.dataSource.query(
      `SELECT envelope FROM gateway.outbox WHERE routing_key = 'organization.settings-changed.v1' AND envelope->>'environmentId' = $1`,
      [environment._id],
    );
    expect(announced.envelope.data).toMatchObject({ organizationId: orgId, settings: ['name', 'idempotencyEnabled'] });
    const issued = (await herald(['key', 'create', environment._id])).data;
    expect(issued.key).toMatch(/^hk_/);
    expect((await me(issued.key)).status).toBe(200);

    const rotated = (await herald(['key', 'rotate', issued._id])).data;
    expect(rotated).toMatchObject({ key: expect.stringMatching(/^hk_/), replaces: { _id: issued._id } });
    expect((await me(issued.key)).status).toBe(401);
    expect((await herald(['key', 'revoke', rotated._id])).data.revokedAt).toEqual(expect.any(String));
    expect((await me(rotated.key)).status).toBe(401);
    const listed = (await herald(['key', 'list', environment._id])).data;
    expect(listed.map((key: { _id: string; revokedAt: string | null }) => [key._id, key.revokedAt !== null])).toEqual([
      [issued._id, true],
      [rotated._id, true],
    ]);
  });

  it('exits 1 with the gateway’s reason for a refused call, 2 for a usage error', async () => {
    const unknown = await herald(['key', 'revoke', '00000000-0000-4000-8000-000000000000']);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('404 API key not found');
    expect((await herald(['org', 'show', '00000000-0000-4000-8000-000000000000'], 'wrong-token')).err).toContain('401');
    expect((await herald(['org', 'create'])).code).toBe(2);
    expect((await herald(['org', 'set', 'x', '--idempotency', 'maybe'])).code).toBe(2);
    expect((await herald(['org', 'set', 'x'])).code).toBe(2);
    expect((await herald(['key', 'burn', 'x'])).err).toContain('unknown command: herald key burn');
    expect((await herald(['org', 'create', 'x', '--plan', 'gold'])).err).toContain('unknown option: --plan');
    expect((await herald(['org', 'create', 'x'], '')).code).toBe(2);
  });
});
