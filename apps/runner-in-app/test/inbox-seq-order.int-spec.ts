import { randomUUID } from 'node:crypto';

import { buildJobDispatchFixture, type JobDispatchData } from '@herald/contracts';
import { DATA_SOURCE, txOf } from '@herald/persistence';
import { runnerConfig, RunnerModule, type TransactionalDelivery } from '@herald/runner-kit';
import { bootTestApp, RunnerTestWorld, type TestApp } from '@herald/testing';
import type { DataSource, QueryRunner } from 'typeorm';

import { HERALD_INBOX_INTEGRATION, inboxProvider } from '../src/inbox/inbox.provider';
import { inAppRunner } from '../src/runner-in-app.definition';
import { deleteInAppRunnerQueues } from './support/in-app-runner-queues';

/**
 * A stream resumes after `Last-Event-ID` = the highest `seq` it saw, so for one subscriber a lower
 * `seq` must never become visible after a higher one (0015).
 */
describe('runner-in-app: inbox seq follows commit order per subscriber', () => {
  let world: RunnerTestWorld;
  let runner: TestApp;
  let db: DataSource;
  const open: QueryRunner[] = [];

  beforeAll(async () => {
    world = await RunnerTestWorld.create('runner_in_app_seq', 'in_app');
    runner = await bootTestApp(RunnerModule.forChannel(inAppRunner, runnerConfig('in_app').load(world.env)));
    db = runner.app.get<DataSource>(DATA_SOURCE);
  });

  afterEach(async () => {
    await Promise.all(
      open.splice(0).map(async (queryRunner) => {
        if (queryRunner.isTransactionActive) await queryRunner.rollbackTransaction();
        await queryRunner.release();
      }),
    );
  });

  afterAll(async () => {
    await runner?.close();
    if (world) await deleteInAppRunnerQueues(world.env.BROKER_NAME_PREFIX);
    await world?.close();
  });

  const environmentId = randomUUID();
  function jobFor(subscriberId: string): JobDispatchData {
    const base = buildJobDispatchFixture({}, 'in_app');
    return {
      ...base,
      environmentId,
      jobId: randomUUID(),
      deliveryKey: randomUUID(),
      subscriber: { ...base.subscriber, subscriberId },
    };
  }

  /** Stores the job's message inside a transaction left open; resolves with its seq once the insert returned. */
  async function storeInOpenTransaction(
    job: JobDispatchData,
  ): Promise<{ queryRunner: QueryRunner; stored: Promise<string> }> {
    const queryRunner = db.createQueryRunner();
    open.push(queryRunner);
    await queryRunner.connect();
    await queryRunner.startTransaction();
    const preparation = inboxProvider().prepare({
      job,
      integration: HERALD_INBOX_INTEGRATION,
      content: { body: 'hello' },
      providerOverrides: {},
      channelOverrides: {},
      attachments: [],
    });
    if (!preparation.ok) throw new Error('inbox provider refused the job');
    const delivery = preparation.delivery as TransactionalDelivery;
    const context = { jobId: job.jobId, environmentId: job.environmentId, deliveryKey: job.deliveryKey };
    const stored = delivery.send(txOf(queryRunner.manager), context).then(async (outcome) => {
      if (!outcome.ok) throw new Error('inbox store failed');
      const [row] = await queryRunner.query('SELECT seq FROM runner_in_app.inbox_messages WHERE id = $1', [
        outcome.messageId,
      ]);
      return String(row.seq);
    });
    return { queryRunner, stored };
  }

  /** Whether `promise` settles within `ms` (a bounded wait for something that must NOT happen, or must). */
  async function settles(promise: Promise<unknown>, ms: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
    try {
      return await Promise.race([promise.then(() => true), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  it('holds a second message for the same subscriber until the first commits, so seq order is commit order', async () => {
    const subscriberId = `sub-${randomUUID()}`;
    const first = await storeInOpenTransaction(jobFor(subscriberId));
    const firstSeq = await first.stored;
    const second = await storeInOpenTransaction(jobFor(subscriberId));
    // The second insert waits on the first transaction's per-subscriber lock.
    expect(await settles(second.stored, 500)).toBe(false);
    await first.queryRunner.commitTransaction();
    const secondSeq = await second.stored;
    await second.queryRunner.commitTransaction();
    expect(BigInt(secondSeq)).toBeGreaterThan(BigInt(firstSeq));
  });

  it('does not hold messages for other subscribers', async () => {
    const first = await storeInOpenTransaction(jobFor(`sub-${randomUUID()}`));
    await first.stored;
    const other = await storeInOpenTransaction(jobFor(`sub-${randomUUID()}`));
    expect(await settles(other.stored, 10_000)).toBe(true);
  });
});
