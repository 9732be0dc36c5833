import {
  buildJobDispatchFixture,
  createEnvelope,
  INBOX_MESSAGE_CREATED_V1,
  type InboxMessageCreatedData,
  type JobDispatchData,
  jobDispatchRoutingKey,
  JobStatus,
} from '@herald/contracts';
import { Messaging } from '@herald/messaging';
import { DATA_SOURCE, type Tx } from '@herald/persistence';
import {
  DeliverJobUseCase,
  DeliveryLog,
  type JobOutcome,
  OutboundHttpClient,
  runnerConfig,
  RunnerModule,
} from '@herald/runner-kit';
import { TemplateRenderer } from '@herald/templating';
import { bootTestApp, expectEventually, type MessageRecorder, RunnerTestWorld, type TestApp } from '@herald/testing';
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
  const rowsOf = (data: JobDispatchData) =>
    db.query('SELECT * FROM runner_in_app.inbox_messages WHERE environment_id = $1 AND delivery_key = $2', [
      data.environmentId,
      data.deliveryKey,
    ]);
  /** The status events the runner published for a job, one per envelope id (a re-publish keeps its id): `attempt:status`. */
  const statusEventsOf = (data: JobDispatchData): string[] => {
    const seen = new Set<string>();
    return world.statuses
      .where((event) => event.data.jobId === data.jobId && !seen.has(event.id) && Boolean(seen.add(event.id)))
      .map((event) => `${event.data.attempt}:${event.data.status}`);
  };
  /** Envelopes with this status the runner published for a job, re-publishes included. */
  const publishedOf = (data: JobDispatchData, status: JobStatus) =>
    world.statuses.where((event) => event.data.jobId === data.jobId && event.data.status === status);
  const announcementsOf = (messageId: string): number =>
    created.where((event) => event.data.message.id === messageId).length;
  /** Dispatches the runner has acked so far (its consumer metrics). */
  const ackedDispatches = async (): Promise<number> => {
    const { values } = await runner.app.get(Messaging).metrics!.consumed.get();
    return values
      .filter((value) => value.labels.queue === world.dispatchQueue && value.labels.outcome === 'acked')
      .reduce((sum, value) => sum + value.value, 0);
  };

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
    expect(outcome).toMatchObject({
      status: JobStatus.COMPLETED,
      providerId: 'novu',
      integrationId: 'herald-inbox',
      delivery: { channel: 'in_app', recipient: data.subscriber.subscriberId, messageId: row.id },
    });
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
    expect(announced.data).toMatchObject({
      environmentId: data.environmentId,
      message: {
        subscriberId: data.subscriber.subscriberId,
        seq: Number(row.seq),
        body: 'Grace commented',
        seen: false,
      },
    });
    expect(world.gateway.calls.size).toBe(0);
    // Claim, inbox insert and record commit together: only the terminal event, no RUNNING (0013 amendment),
    // published after the commit rather than through the outbox (0046).
    expect(statusEventsOf(data)).toEqual(['1:completed']);
    const [{ outboxed }] = (await db.query(
      `SELECT count(*)::int AS outboxed FROM runner_in_app.outbox WHERE envelope->'data'->>'jobId' = $1 OR envelope->'data'->'message'->>'id' = $2`,
      [data.jobId, row.id],
    )) as { outboxed: number }[];
    expect(outboxed).toBe(0);
  });

  it('keeps one message and one COMPLETED per attempt across redelivery and retries', async () => {
    const data = job();
    const acked = await ackedDispatches();
    const envelope = await world.dispatch(data);
    const first = await world.outcomeOf(data.jobId);
    await world.dispatch(data, { id: envelope.id });
    await world.dispatch(data);
    await world.dispatch({ ...data, attempt: 2 });
    expect(await world.outcomeOf(data.jobId, 2)).toMatchObject({
      status: JobStatus.COMPLETED,
      delivery: { messageId: first.delivery?.messageId },
    });
    await expectEventually(async () => expect(await ackedDispatches()).toBe(acked + 4));
    expect(await rowsOf(data)).toHaveLength(1);
    expect(announcementsOf(first.delivery!.messageId!)).toBe(1);
    expect(statusEventsOf(data)).toEqual(['1:completed', '2:completed']);
  });

  it('stores dispatches that arrive together once each, with one COMPLETED each', async () => {
    const jobs = Array.from({ length: 6 }, () => job());
    const acked = await ackedDispatches();
    // Published together they share transactions, read and recorded set-based (decision 0049); the
    // repeated one makes its batch decide job by job.
    await Promise.all([...jobs, jobs[2]].map((data) => world.dispatch(data)));
    await expectEventually(async () => expect(await ackedDispatches()).toBe(acked + 7));
    for (const data of jobs) {
      expect(await rowsOf(data)).toHaveLength(1);
      expect(statusEventsOf(data)).toEqual(['1:completed']);
    }
    const [{ n }] = (await db.query(
      'SELECT count(*)::int AS n FROM runner_in_app.deliveries WHERE job_id = ANY($1) AND outcome = $2',
      [jobs.map((data) => data.jobId), 'delivered'],
    )) as { n: number }[];
    expect(n).toBe(6);
  });

  it('fails a job whose template is invalid without storing anything', async () => {
    const data = job({ body: '{% for %}' });
    await world.dispatch(data);
    expect(await world.outcomeOf(data.jobId)).toMatchObject({
      status: JobStatus.FAILED,
      error: { code: 'template_error', retryable: false },
    });
    expect(await rowsOf(data)).toHaveLength(0);
    expect(statusEventsOf(data)).toEqual(['1:failed']);
  });

  it('stores one message when two runner instances deliver the same job at once', async () => {
    const data = job();
    // Another instance has its own delivery log (and so its own transaction batches) on the same database.
    const log = new DeliveryLog(db, {
      schema: 'runner_in_app',
      service: 'runner-in-app',
      leaseMs: 60_000,
      publisher: runner.app.get(Messaging).publisher,
    });
    let entered!: () => void;
    let release!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const gate = new Promise<void>((resolve) => (release = resolve));
    // A second instance whose transaction pauses after finding the key new, before its inbox insert.
    const held = {
      claimAndRecord: (dispatched: JobDispatchData, deliver: (tx: Tx) => Promise<JobOutcome>) =>
        log.claimAndRecord(dispatched, async (tx) => {
          entered();
          await gate;
          return deliver(tx);
        }),
    } as unknown as DeliveryLog;
    const other = new DeliverJobUseCase({
      definition: inAppRunner,
      service: 'runner-in-app',
      log: held,
      renderer: new TemplateRenderer(),
      http: runner.app.get(OutboundHttpClient),
      providerTimeoutMs: 1_000,
    });
    const acked = await ackedDispatches();
    const dispatched = createEnvelope(jobDispatchRoutingKey('in_app'), data.environmentId, data);

    const otherDone = other.execute(dispatched).then(
      () => 'recorded',
      (error: Error) => error.message,
    );
    await inside;
    // The booted runner delivers and records the key while the other instance is inside its transaction.
    await world.dispatch(data);
    await expectEventually(async () => expect(await ackedDispatches()).toBe(acked + 1));
    release();
    // The other finds the key recorded meanwhile: its transaction rolls back (its message would be retried).
    expect(await otherDone).toMatch(/recorded by another process meanwhile/);
    // Its retry finds this attempt recorded and publishes the same COMPLETED again, with the same id.
    await other.execute(dispatched);

    const rows = await rowsOf(data);
    expect(rows).toHaveLength(1);
    await expectEventually(async () => expect(publishedOf(data, JobStatus.COMPLETED)).toHaveLength(2));
    expect(new Set(publishedOf(data, JobStatus.COMPLETED).map((event) => event.id)).size).toBe(1);
    expect(publishedOf(data, JobStatus.COMPLETED)[1].data.delivery?.messageId).toBe(rows[0].id);
    expect(announcementsOf(rows[0].id)).toBe(1);
    expect(statusEventsOf(data)).toEqual(['1:completed']);
  });

  it('answers a newer attempt of a job that failed with a new delivery, in one transaction', async () => {
    const data = job({ body: '{% for %}' });
    await world.dispatch(data);
    await world.outcomeOf(data.jobId);
    const fixed = { ...data, attempt: 2, step: { ...data.step, controlValues: { body: 'fixed' } } };
    await world.dispatch(fixed);
    const outcome = await world.outcomeOf(data.jobId, 2);
    const rows = await rowsOf(data);
    expect(rows).toHaveLength(1);
    expect(outcome).toMatchObject({ status: JobStatus.COMPLETED, delivery: { messageId: rows[0].id } });
    expect(statusEventsOf(data)).toEqual(['1:failed', '2:completed']);
    const [logged] = (await db.query(
      'SELECT job_id, attempt, outcome FROM runner_in_app.deliveries WHERE environment_id = $1 AND delivery_key = $2',
      [data.environmentId, data.deliveryKey],
    )) as unknown[];
    expect(logged).toEqual({ job_id: data.jobId, attempt: 2, outcome: 'delivered' });
  });
});
