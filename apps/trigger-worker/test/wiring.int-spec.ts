import { JobStatus } from '@herald/contracts';
import { expectEventually } from '@herald/testing';

import { jobsOf } from './support/job.probe';
import { newTenant, steps, triggerFor } from './support/trigger.fixtures';
import { type WorkerInstance, WorkerTestHarness } from './support/worker-test-harness';

describe('trigger-worker wiring', () => {
  let harness: WorkerTestHarness;
  let worker: WorkerInstance;

  beforeAll(async () => {
    harness = await WorkerTestHarness.create('tw_wiring');
    worker = await harness.start({ http: true });
  });

  afterAll(() => harness.close());

  it('is ready once Postgres and RabbitMQ answer, and reports both', async () => {
    const response = await fetch(`${worker.baseUrl}/health/ready`);
    const body = (await response.json()) as { checks: Record<string, { ok: boolean }> };
    expect(response.status).toBe(200);
    expect(body.checks).toMatchObject({ postgres: { ok: true }, rabbitmq: { ok: true } });
  });

  it('migrates the trigger schema, outbox and ledger first', async () => {
    const tables: { table_name: string }[] = await worker.dataSource.query(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'trigger' ORDER BY 1",
    );
    expect(tables.map((row) => row.table_name)).toEqual(
      expect.arrayContaining([
        'outbox',
        'processed_messages',
        'subscribers',
        'subscriber_channels',
        'topics',
        'topic_subscribers',
        'preferences',
        'events',
        'notifications',
        'jobs',
        'execution_details',
        'timers',
        'digest_groups',
        'messages',
      ]),
    );
    const [first] = await worker.dataSource.query('SELECT name FROM trigger.migrations ORDER BY id LIMIT 1');
    expect(first.name).toMatch(/^MessagingTablesTrigger/);
  });

  it('consumes a trigger and relays the first dispatch through the outbox', async () => {
    const tenant = newTenant();
    const trigger = triggerFor(tenant, [steps.inApp()], ['wiring-sub']);
    await harness.broker.trigger(trigger);
    const dispatch = await harness.broker.waitForDispatch((data) => data.transactionId === trigger.transactionId);
    expect(dispatch.step.type).toBe('in_app');
    const jobs = await jobsOf(worker.dataSource, tenant.environmentId, trigger.transactionId);
    expect(jobs.map((job) => job.status)).toEqual([JobStatus.QUEUED]);
    await expectEventually(async () => {
      const [{ unsent }] = await worker.dataSource.query(
        'SELECT count(*)::int AS unsent FROM trigger.outbox WHERE sent_at IS NULL',
      );
      expect(unsent).toBe(0);
    });
  });

  it('reports metrics', async () => {
    const text = await (await fetch(`${worker.baseUrl}/metrics`)).text();
    expect(text).toContain('herald_worker_triggers_total');
    expect(text).toContain('herald_messages_consumed_total');
  });
});
