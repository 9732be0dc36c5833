import { buildJobDispatchFixture, INBOX_MESSAGE_CREATED_V1, JobStatus, type InboxMessageCreatedData, type JobDispatchData } from '@herald/contracts';
import { DATA_SOURCE } from '@herald/persistence';
import { RunnerModule, runnerConfig } from '@herald/runner-kit';
import { bootTestApp, expectEventually, RunnerTestWorld, type MessageRecorder, type TestApp } from '@herald/testing';
import type { DataSource } from 'typeorm';
import { inAppRunner } from '../src/runner-in-app.definition';
import { deleteInAppRunnerQueues } from './support/in-app-runner-queues';

describe('runner-in-app: inbox delivery', () => {
  let world: RunnerTestWorld;
  let runner: TestApp;
  let db: DataSource;
  let created: MessageRecorder<InboxMessageCreatedData>;

  beforeAll(async () => {
    world = await RunnerTestWorld.create('runner_in_app', 'in_app');
    created = await world.broker.record<InboxMessageCreatedData>([INBOX_MESSAGE_CREATED_V1]);
    runner = await bootTestApp(RunnerModule.forChannel(inAppRunner, runnerConfig('in_app').load(world.env)));
    db = runner.app.get<DataSource>(DATA_SOURCE);
    await world.waitForRunner();
  });

  afterAll(async () => {
    await runner?.close();
    if (world) await deleteInAppRunnerQueues(world.env.BROKER_NAME_PREFIX);
    await world?.close();
  });

  function job(controlValues?: Record<string, unknown>): JobDispatchData {
    const base = buildJobDispatchFixture({}, 'in_app');
    return controlValues ? { ...base, step: { ...base.step, controlValues } } : base;
  }
  const rowsOf = (data: JobDispatchData) => db.query('SELECT * FROM runner_in_app.inbox_messages WHERE environment_id = $1 AND delivery_key = $2', [data.environmentId, data.deliveryKey]);

  it('stores the rendered message, reports its id and announces it', async () => {
    const data = job({
      subject: 'New comment on {{payload.post}}',
      body: '{{payload.author}} commented',
      primaryAction: { label: 'Open', redirect: { url: '/posts/{{payload.post | slugify}}', target: '_self' } },
      redirect: { url: '/posts/1' },
      data: { kind: 'comment' },
    });
    await world.dispatch(data);
    const outcome = await world.outcomeOf(data.jobId);
    const [row] = await rowsOf(data);
    expect(outcome).toMatchObject({ status: JobStatus.COMPLETED, providerId: 'novu', integrationId: 'herald-inbox', delivery: { channel: 'in_app', recipient: data.subscriber.subscriberId, messageId: row.id } });
    expect(row).toMatchObject({
      subscriber_id: data.subscriber.subscriberId,
      job_id: data.jobId,
      subject: 'New comment on Notes on the Analytical Engine',
      body: 'Grace commented',
      primary_action: { label: 'Open', redirect: { url: '/posts/notes-on-the-analytical-engine', target: '_self' } },
      redirect: { url: '/posts/1' },
      data: { kind: 'comment' },
      payload: data.payload,
      seen: false,
      read: false,
      archived: false,
    });
    const announced = await created.waitFor((event) => event.data.message.id === row.id);
    expect(announced.data).toMatchObject({ environmentId: data.environmentId, message: { subscriberId: data.subscriber.subscriberId, seq: Number(row.seq), body: 'Grace commented', seen: false } });
    expect(world.gateway.calls.size).toBe(0);
  });

  it('keeps one message per delivery key across redelivery and retries', async () => {
    const data = job();
    const envelope = await world.dispatch(data);
    const first = await world.outcomeOf(data.jobId);
    await world.dispatch(data, { id: envelope.id });
    await world.dispatch({ ...data, attempt: 2 });
    expect(await world.outcomeOf(data.jobId, 2)).toMatchObject({ status: JobStatus.COMPLETED, delivery: { messageId: first.delivery?.messageId } });
    await expectEventually(async () => expect(await world.broker.depth(world.dispatchQueue)).toBe(0));
    expect(await rowsOf(data)).toHaveLength(1);
    expect(created.where((event) => event.data.message.id === first.delivery?.messageId)).toHaveLength(1);
  });

  it('fails a job whose template is invalid without storing anything', async () => {
    const data = job({ body: '{% for %}' });
    await world.dispatch(data);
    expect(await world.outcomeOf(data.jobId)).toMatchObject({ status: JobStatus.FAILED, error: { code: 'template_error', retryable: false } });
    expect(await rowsOf(data)).toHaveLength(0);
  });
});
