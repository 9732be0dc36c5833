import { JobStatus } from '@herald/contracts';
import { HeraldHeader } from '@herald/messaging';
import { expectEventually, SupervisedTestProcess, testServiceUrls } from '@herald/testing';
import * as amqp from 'amqplib';

import type { ActivityNotificationDto } from '../src/admin-api/activity/activity.repository';
import { newTenant, steps, triggerFor } from './support/trigger.fixtures';
import { WorkerTestHarness } from './support/worker-test-harness';

// The worker runs as its own process (main.ts through swc-node) and dies on purpose: give it room.
jest.setTimeout(240_000);

const MARKER = `poison-trigger-${process.pid}`;
const INNOCENT = 12;
const CRASHES = 3;

interface Feed {
  data: ActivityNotificationDto[];
}

describe('a trigger that crashes trigger-worker', () => {
  let harness: WorkerTestHarness;
  let worker: SupervisedTestProcess | undefined;
  const tenant = newTenant();
  const list = (transactionId: string) =>
    harness.broker.rpc<Feed>('notifications.list.v1', { environmentId: tenant.environmentId, transactionId });

  beforeAll(async () => {
    harness = await WorkerTestHarness.create('tw_poison');
  });

  afterAll(async () => {
    await worker?.stop();
    await harness.close();
  });

  it('is quarantined after 3 crashes and shows as failed in the activity feed; the others once each', async () => {
    worker = new SupervisedTestProcess('apps/trigger-worker/src/main.ts', {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      DATABASE_URL: harness.database.url,
      AMQP_URL: testServiceUrls().amqpUrl,
      BROKER_NAME_PREFIX: harness.prefix,
      DB_POOL_SIZE: '4',
      HTTP_PORT: '0',
      HERALD_TEST_POISON_MARKER: MARKER,
    });
    // Publish only once the worker declared its queue and answers RPC.
    await expectEventually(() => list('none'), { timeoutMs: 60_000, intervalMs: 250 });
    const triggers = Array.from({ length: INNOCENT + 1 }, (_, n) =>
      triggerFor(tenant, [steps.inApp()], [`sub-${n}`], {
        payload: n === 4 ? { name: 'Ada', note: MARKER } : { name: 'Ada' },
      }),
    );
    const poison = triggers[4];
    const ids: string[] = [];
    // The RPC server may answer before the trigger queue is bound: an unroutable first publish is retried
    // (the broker returned it, so it cannot arrive twice).
    ids.push(await expectEventually(() => harness.broker.trigger(triggers[0]), { timeoutMs: 60_000, intervalMs: 250 }));
    for (const trigger of triggers.slice(1)) ids.push(await harness.broker.trigger(trigger));

    let failed: ActivityNotificationDto | undefined;
    try {
      failed = await expectEventually(
        async () => {
          const feed = await list(poison.transactionId);
          expect(feed.data).toHaveLength(1);
          return feed.data[0];
        },
        { timeoutMs: 180_000, intervalMs: 500 },
      );
      for (const trigger of triggers.filter((candidate) => candidate !== poison)) {
        await expectEventually(async () => expect((await list(trigger.transactionId)).data).toHaveLength(1), {
          timeoutMs: 30_000,
        });
      }
    } catch (error) {
      process.stderr.write(`--- trigger-worker output ---\n${worker.output()}\n`);
      throw error;
    }

    expect(worker.crashes).toEqual(Array.from({ length: CRASHES }, () => ({ code: null, signal: 'SIGKILL' })));
    const crashed = `crashed its consumer ${CRASHES} times (${CRASHES - 1} of them processed alone)`;
    const reason = `quarantined: ${crashed}; not processed again`;
    expect(failed).toMatchObject({
      _id: ids[4],
      transactionId: poison.transactionId,
      subscriber: { subscriberId: 'sub-4' },
    });
    expect(failed?.jobs.map((job) => [job.type, job.step.stepId, job.status])).toEqual([
      ['in_app', 'in-app', JobStatus.FAILED],
    ]);
    expect(failed?.jobs[0].executionDetails.map((detail) => [detail.status, detail.source, detail.detail])).toEqual([
      [JobStatus.FAILED, 'worker', reason],
    ]);
    const byId = await harness.broker.rpc<ActivityNotificationDto>('notifications.get.v1', {
      environmentId: tenant.environmentId,
      notificationId: ids[4],
    });
    expect(byId.jobs[0].status).toBe(JobStatus.FAILED);

    // Every innocent trigger became exactly one notification; the poison one none, and it waits in .dead.
    for (const trigger of triggers.filter((candidate) => candidate !== poison)) {
      const feed = await list(trigger.transactionId);
      expect(feed.data.map((notification) => notification.jobs.map((job) => job.type))).toEqual([['in_app']]);
    }
    const connection = await amqp.connect(testServiceUrls().amqpUrl);
    try {
      const channel = await connection.createChannel();
      const dead = await channel.get(
        `${harness.broker.client.names.workQueue('trigger-worker', 'trigger-requested')}.dead`,
        { noAck: true },
      );
      expect(dead && [dead.properties.messageId, dead.properties.headers?.[HeraldHeader.quarantineReason]]).toEqual([
        ids[4],
        reason,
      ]);
    } finally {
      await connection.close();
    }
  });
});
