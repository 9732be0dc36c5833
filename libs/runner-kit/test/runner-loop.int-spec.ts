import {
  buildJobDispatchFixture,
  createEnvelope,
  INTEGRATION_CHANGED_V1,
  INTEGRATIONS_LIST_FOR_RUNNER_V2,
  type JobDispatchData,
  JobStatus,
} from '@herald/contracts';
import { DATA_SOURCE } from '@herald/persistence';
import {
  bootTestApp,
  expectEventually,
  type HttpReceiver,
  RunnerTestWorld,
  startHttpReceiver,
  type TestApp,
} from '@herald/testing';
import type { DataSource } from 'typeorm';

import { runnerConfig, RunnerModule } from '../src';
import { testRunner, webhookIntegration } from './support/test-webhook.provider';

describe('runner loop: claim, send, record', () => {
  let world: RunnerTestWorld;
  let runner: TestApp;
  let receiver: HttpReceiver;
  let db: DataSource;

  beforeAll(async () => {
    world = await RunnerTestWorld.create('runner_loop', 'sms');
    runner = await bootTestApp(RunnerModule.forChannel(testRunner, runnerConfig('sms').load(world.env)));
    db = runner.app.get<DataSource>(DATA_SOURCE);
    await world.waitForRunner();
    receiver = await startHttpReceiver(() => ({ status: 201, body: { id: `msg-${receiver.requests.length}` } }));
  });

  afterAll(async () => {
    await runner?.close();
    await receiver?.close();
    await world?.close();
  });

  function job(overrides: Partial<JobDispatchData> = {}): JobDispatchData {
    const data = buildJobDispatchFixture({ ...overrides }, 'sms');
    world.integrations.set(data.environmentId, [webhookIntegration(`${receiver.url}/send`)]);
    return data;
  }

  const sentFor = (data: JobDispatchData) =>
    receiver.requests.filter((request) => (request.json as { deliveryKey?: string }).deliveryKey === data.deliveryKey);

  it('reports RUNNING, renders, sends once and reports COMPLETED with the provider ids', async () => {
    const data = job();
    await world.dispatch(data);
    const outcome = await world.outcomeOf(data.jobId);
    expect(outcome).toMatchObject({
      status: JobStatus.COMPLETED,
      providerId: 'test-webhook',
      providerMessageId: expect.stringMatching(/^msg-/),
      delivery: { channel: 'sms', recipient: data.subscriber.phone },
    });
    expect(world.statusesOf(data.jobId).map((event) => event.status)).toEqual([JobStatus.RUNNING, JobStatus.COMPLETED]);
    const [request] = sentFor(data);
    expect(request.json).toEqual({
      to: data.subscriber.phone,
      text: 'Grace commented on Notes on the Analytical Engine',
      deliveryKey: data.deliveryKey,
    });
    expect(request.headers['idempotency-key']).toBe(data.deliveryKey);
    const [row] = await db.query(
      'SELECT outcome, attempt, provider_message_id, locked_until FROM runner_sms.deliveries WHERE job_id = $1',
      [data.jobId],
    );
    expect(row).toEqual({
      outcome: 'delivered',
      attempt: 1,
      provider_message_id: outcome.providerMessageId,
      locked_until: null,
    });
  });

  it('never sends a delivered job again: not on redelivery, not on a retry attempt', async () => {
    const data = job();
    const first = await world.dispatch(data);
    await world.outcomeOf(data.jobId);
    await world.dispatch(data, { id: first.id });
    await world.dispatch({ ...data, attempt: 2 });
    const retried = await world.outcomeOf(data.jobId, 2);
    expect(retried).toMatchObject({
      status: JobStatus.COMPLETED,
      detail: expect.stringMatching(/Already delivered .*not sent again/),
    });
    await expectEventually(async () => expect(await world.broker.depth(world.dispatchQueue)).toBe(0));
    expect(sentFor(data)).toHaveLength(1);
    expect(world.statusesOf(data.jobId, 1).map((event) => event.status)).toEqual([
      JobStatus.RUNNING,
      JobStatus.COMPLETED,
    ]);
  });

  it('retries a failed attempt when the worker dispatches the next one', async () => {
    const data = job();
    receiver.respondWith((request) =>
      sentFor(data).includes(request) && sentFor(data).length === 1
        ? { status: 503, body: { message: 'busy' } }
        : { status: 201, body: { id: 'second' } },
    );
    await world.dispatch(data);
    expect(await world.outcomeOf(data.jobId)).toMatchObject({
      status: JobStatus.FAILED,
      error: { code: 'provider_unavailable', retryable: true },
    });
    await world.dispatch({ ...data, attempt: 2 });
    expect(await world.outcomeOf(data.jobId, 2)).toMatchObject({
      status: JobStatus.COMPLETED,
      providerMessageId: 'second',
    });
    expect(sentFor(data)).toHaveLength(2);
    receiver.respondWith(() => ({ status: 201, body: { id: 'ok' } }));
  });

  it('resumes a send whose outcome is unknown with the same delivery key, once its lease has expired', async () => {
    const data = job();
    // As a process that died mid-send would have left it: claimed, lease held for one more second.
    await db.query(
      `INSERT INTO runner_sms.deliveries (job_id, environment_id, delivery_key, transaction_id, subscriber_id, step_id, attempt, outcome, locked_until)
       VALUES ($1, $2, $3, $4, $5, $6, 1, 'sending', now() + interval '1 second')`,
      [
        data.jobId,
        data.environmentId,
        data.deliveryKey,
        data.transactionId,
        data.subscriber.subscriberId,
        data.step.stepId,
      ],
    );
    await world.dispatch(data);
    const outcome = await world.outcomeOf(data.jobId);
    expect(outcome.status).toBe(JobStatus.COMPLETED);
    expect(world.statusesOf(data.jobId)[0].detail).toMatch(/resumes attempt 1 .*same delivery key/);
    expect(sentFor(data).map((request) => request.headers['idempotency-key'])).toEqual([data.deliveryKey]);
  });

  it('fails a job whose template is invalid, permanently and with the reason, without sending', async () => {
    const base = job();
    const data = { ...base, step: { ...base.step, controlValues: { body: 'Hi {{ payload.author | shout }}' } } };
    await world.dispatch(data);
    expect(await world.outcomeOf(data.jobId)).toMatchObject({
      status: JobStatus.FAILED,
      error: {
        code: 'template_error',
        retryable: false,
        message: expect.stringMatching(/^Template error in body: undefined filter: shout/),
      },
    });
    expect(sentFor(data)).toHaveLength(0);
  });

  it('cancels a job whose subscriber has no phone number', async () => {
    const base = job();
    const data = { ...base, subscriber: { ...base.subscriber, phone: null } };
    await world.dispatch(data);
    expect(await world.outcomeOf(data.jobId)).toMatchObject({
      status: JobStatus.CANCELED,
      detail: 'Subscriber has no phone number',
    });
    const [row] = await db.query('SELECT outcome FROM runner_sms.deliveries WHERE job_id = $1', [data.jobId]);
    expect(row.outcome).toBe('canceled');
  });

  it('fails a job of an environment without an active integration', async () => {
    const data = job();
    world.integrations.set(data.environmentId, []);
    await world.dispatch(data);
    expect(await world.outcomeOf(data.jobId)).toMatchObject({
      status: JobStatus.FAILED,
      error: { code: 'no_active_integration', retryable: false },
    });
  });

  it('caches integrations per environment until integration.changed.v1 says they changed', async () => {
    const data = job();
    await world.dispatch(data);
    await world.outcomeOf(data.jobId);
    const calls = () => world.gateway.calls.get(INTEGRATIONS_LIST_FOR_RUNNER_V2) ?? 0;
    const before = calls();
    const second = { ...job(), environmentId: data.environmentId, organizationId: data.organizationId };
    await world.dispatch(second);
    await world.outcomeOf(second.jobId);
    expect(calls()).toBe(before);
    world.integrations.set(data.environmentId, []);
    await world.broker.publish(
      createEnvelope(INTEGRATION_CHANGED_V1, data.environmentId, {
        environmentId: data.environmentId,
        integrationId: 'x',
        channel: 'sms',
        change: 'deleted',
      }),
    );
    // The change reaches every replica asynchronously: until it lands, jobs still see the cached list.
    await expectEventually(async () => {
      const next = { ...job(), environmentId: data.environmentId };
      await world.dispatch(next);
      expect(await world.outcomeOf(next.jobId)).toMatchObject({
        status: JobStatus.FAILED,
        error: { code: 'no_active_integration' },
      });
    });
    expect(calls()).toBeGreaterThan(before);
  });
});
