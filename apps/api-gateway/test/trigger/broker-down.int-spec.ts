import { GatewayTestApp, startGatewayTestApp } from '../support/gateway-test-app';

describe('trigger with the broker unreachable', () => {
  let gateway: GatewayTestApp;

  beforeAll(async () => {
    // Nothing listens on port 1: every connection attempt is refused.
    gateway = await startGatewayTestApp({ AMQP_URL: 'amqp://guest:guest@127.0.0.1:1' });
  });
  afterAll(() => gateway.close());

  it('answers 503 with Retry-After and a clear message, and the key is released', async () => {
    const headers = { authorization: `ApiKey ${gateway.environment.apiKey}`, 'content-type': 'application/json' };
    const workflow = await fetch(`${gateway.baseUrl}/v2/workflows`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        name: 'w',
        workflowId: 'w',
        active: true,
        steps: [{ name: 'Inbox', type: 'in_app', controlValues: { body: 'x' } }],
      }),
    });
    expect(workflow.status).toBe(201);
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const response = await fetch(`${gateway.baseUrl}/v1/events/trigger`, {
        method: 'POST',
        headers: { ...headers, 'idempotency-key': 'broker-down' },
        body: JSON.stringify({ name: 'w', to: 'ada' }),
      });
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('1');
      expect(await response.json()).toMatchObject({
        statusCode: 503,
        path: '/v1/events/trigger',
        message: expect.stringMatching(
          /^The trigger was not queued: the message broker did not confirm it \(broker_unavailable\)/,
        ),
      });
    }
  });
});
