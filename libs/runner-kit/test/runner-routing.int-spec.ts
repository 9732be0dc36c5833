import { buildJobDispatchFixture, type JobDispatchData, JobStatus, type RunnerIntegration } from '@herald/contracts';
import {
  bootTestApp,
  type HttpReceiver,
  RunnerTestWorld,
  type ScriptedResponse,
  startHttpReceiver,
  type TestApp,
} from '@herald/testing';

import { runnerConfig, RunnerModule } from '../src';
import { testRunner, webhookIntegration } from './support/test-webhook.provider';

describe('runner loop: integrations, failover, overrides, outbound guard', () => {
  let world: RunnerTestWorld;
  let runner: TestApp;
  let primary: HttpReceiver;
  let secondary: HttpReceiver;

  beforeAll(async () => {
    world = await RunnerTestWorld.create('runner_routing', 'sms');
    runner = await bootTestApp(RunnerModule.forChannel(testRunner, runnerConfig('sms').load(world.env)));
    await world.waitForRunner();
    [primary, secondary] = await Promise.all([startHttpReceiver(), startHttpReceiver()]);
  });

  afterAll(async () => {
    await runner?.close();
    await Promise.all([primary?.close(), secondary?.close()]);
    await world?.close();
  });

  beforeEach(() => {
    primary.respondWith(() => ({ status: 200, body: { id: 'p-1' } }));
    secondary.respondWith(() => ({ status: 200, body: { id: 's-1' } }));
  });

  /** A job whose environment has the given integrations. */
  function job(integrations: RunnerIntegration[], overrides: Partial<JobDispatchData> = {}): JobDispatchData {
    const data = buildJobDispatchFixture(overrides, 'sms');
    world.integrations.set(data.environmentId, integrations);
    return data;
  }

  const primaryAt = (receiver: HttpReceiver, extra: Partial<RunnerIntegration> = {}) =>
    webhookIntegration(`${receiver.url}/send`, { primary: true, identifier: 'primary', ...extra });
  const secondaryAt = (receiver: HttpReceiver, extra: Partial<RunnerIntegration> = {}) =>
    webhookIntegration(`${receiver.url}/send`, { primary: false, priority: 5, identifier: 'secondary', ...extra });
  const sent = (receiver: HttpReceiver, data: JobDispatchData) =>
    receiver.requests.filter((request) => (request.json as { deliveryKey?: string }).deliveryKey === data.deliveryKey);

  it.each<[string, ScriptedResponse]>([
    ['rate-limited (429)', { status: 429, body: { message: 'slow down' } }],
    ['unavailable (503)', { status: 503, body: 'upstream down' }],
  ])('fails over from a %s primary to the next integration', async (_label, failure) => {
    primary.respondWith(() => failure);
    const data = job([secondaryAt(secondary), primaryAt(primary)]);
    await world.dispatch(data);
    const outcome = await world.outcomeOf(data.jobId);
    expect(outcome).toMatchObject({
      status: JobStatus.COMPLETED,
      providerMessageId: 's-1',
      detail: expect.stringMatching(/after failover from primary: provider_(rate_limited|unavailable)/),
    });
    expect([sent(primary, data).length, sent(secondary, data).length]).toEqual([1, 1]);
  });

  it('fails over from an unreachable primary', async () => {
    const unreachable = webhookIntegration('http://127.0.0.1:9/send', { primary: true, identifier: 'primary' });
    const data = job([unreachable, secondaryAt(secondary)]);
    await world.dispatch(data);
    expect(await world.outcomeOf(data.jobId)).toMatchObject({
      status: JobStatus.COMPLETED,
      integrationId: expect.any(String),
      detail: expect.stringMatching(/failover from primary: provider_unreachable/),
    });
  });

  it('does not fail over on a permanent error: another provider would refuse the same message', async () => {
    primary.respondWith(() => ({ status: 400, body: { message: 'The To number is not a valid phone number' } }));
    const data = job([primaryAt(primary), secondaryAt(secondary)]);
    await world.dispatch(data);
    expect(await world.outcomeOf(data.jobId)).toMatchObject({
      status: JobStatus.FAILED,
      providerId: 'test-webhook',
      error: {
        code: 'provider_rejected',
        retryable: false,
        message: 'test-webhook answered HTTP 400: The To number is not a valid phone number',
      },
    });
    expect(sent(secondary, data)).toHaveLength(0);
  });

  it('reports a retryable failure when every integration failed retryably', async () => {
    primary.respondWith(() => ({ status: 500 }));
    secondary.respondWith(() => ({ status: 502 }));
    const data = job([primaryAt(primary), secondaryAt(secondary)]);
    await world.dispatch(data);
    const outcome = await world.outcomeOf(data.jobId);
    expect(outcome).toMatchObject({
      status: JobStatus.FAILED,
      error: { code: 'provider_unavailable', retryable: true },
    });
    expect(outcome.detail).toMatch(/tried primary: provider_unavailable, secondary: provider_unavailable/);
  });

  it("fails over at once past a 429's Retry-After and reports it for the worker's next attempt", async () => {
    primary.respondWith(() => ({ status: 429, headers: { 'retry-after': '7' }, body: { message: 'slow down' } }));
    secondary.respondWith(() => ({ status: 503, body: 'upstream down' }));
    const data = job([primaryAt(primary), secondaryAt(secondary)]);
    await world.dispatch(data);
    expect(await world.outcomeOf(data.jobId)).toMatchObject({
      status: JobStatus.FAILED,
      error: { code: 'provider_unavailable', retryable: true, retryAfterMs: 7000 },
    });
    expect([sent(primary, data).length, sent(secondary, data).length]).toEqual([1, 1]);

    primary.respondWith(() => ({ status: 429, body: { message: 'slow down' } }));
    const plain = job([primaryAt(primary)]);
    await world.dispatch(plain);
    const outcome = await world.outcomeOf(plain.jobId);
    expect(outcome).toMatchObject({ status: JobStatus.FAILED, error: { code: 'provider_rate_limited' } });
    expect(outcome.error).not.toHaveProperty('retryAfterMs');
  });

  it('fails over from a misconfigured integration', async () => {
    const broken = webhookIntegration('unused', { primary: true, identifier: 'broken', credentials: {} });
    const data = job([broken, secondaryAt(secondary)]);
    await world.dispatch(data);
    expect(await world.outcomeOf(data.jobId)).toMatchObject({
      status: JobStatus.COMPLETED,
      detail: expect.stringMatching(/failover from broken: integration_misconfigured/),
    });
  });

  it('pins the integration named by overrides.sms.integrationIdentifier', async () => {
    const data = job([primaryAt(primary), secondaryAt(secondary)], {
      overrides: { sms: { integrationIdentifier: 'secondary' } },
    });
    await world.dispatch(data);
    expect(await world.outcomeOf(data.jobId)).toMatchObject({ status: JobStatus.COMPLETED, providerMessageId: 's-1' });
    const missing = job([primaryAt(primary)], { overrides: { sms: { integrationIdentifier: 'nope' } } });
    await world.dispatch(missing);
    expect(await world.outcomeOf(missing.jobId)).toMatchObject({
      status: JobStatus.FAILED,
      error: { code: 'integration_not_found', retryable: false },
    });
  });

  it('applies overrides.providers and overrides.steps.<stepId>.providers, the step winning', async () => {
    const overrides = {
      sms: { to: '+15555550199' },
      providers: {
        'test-webhook': { text: 'workflow-level', extra: { a: 1 }, _passthrough: { headers: { 'x-custom': 'yes' } } },
      },
      steps: { sms: { providers: { 'test-webhook': { text: 'step-level' } } } },
    };
    const data = job([primaryAt(primary)], { overrides });
    await world.dispatch(data);
    expect(await world.outcomeOf(data.jobId)).toMatchObject({
      status: JobStatus.COMPLETED,
      delivery: { recipient: '+15555550199' },
    });
    const [request] = sent(primary, data);
    expect(request.json).toEqual({
      to: '+15555550199',
      text: 'step-level',
      extra: { a: 1 },
      deliveryKey: data.deliveryKey,
    });
    expect(request.headers['x-custom']).toBe('yes');
  });

  it.each([
    ['link-local (cloud metadata)', 'http://169.254.169.254/latest/meta-data'],
    ['private', 'http://10.1.2.3/send'],
    ['IPv4-mapped private', 'http://[::ffff:192.168.1.1]/send'],
  ])('refuses a %s target and does not fail over to it', async (_label, url) => {
    const data = job([webhookIntegration(url, { primary: true })]);
    await world.dispatch(data);
    const outcome = await world.outcomeOf(data.jobId);
    expect(outcome).toMatchObject({
      status: JobStatus.FAILED,
      error: { code: 'outbound_url_refused', retryable: false },
    });
    expect(outcome.detail).not.toContain(url.replace('http://', ''));
  });

  it('retries the job when the gateway cannot answer, without waiting for the send lease', async () => {
    const data = job([primaryAt(primary)]);
    world.failGatewayCalls(1);
    await world.dispatch(data);
    expect(await world.outcomeOf(data.jobId)).toMatchObject({ status: JobStatus.COMPLETED });
    const events = world.statuses.where((event) => event.data.jobId === data.jobId);
    expect(events.map((event) => event.data.status)).toEqual([
      JobStatus.RUNNING,
      JobStatus.RUNNING,
      JobStatus.COMPLETED,
    ]);
    // The same envelope id both times: the worker's ledger applies RUNNING once.
    expect(events[1].id).toBe(events[0].id);
    expect(events[1].data.detail).not.toMatch(/unknown/);
  });
});
