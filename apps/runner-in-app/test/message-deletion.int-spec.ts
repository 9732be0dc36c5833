import { randomUUID } from 'node:crypto';

import {
  buildJobDispatchFixture,
  buildMessageDeletedFixture,
  buildSubscriberSnapshotFixture,
  createContractMessage,
  createEnvelope,
  INBOX_FEED_V1,
  INBOX_RPC_SERVICE,
  INBOX_UNSEEN_COUNT_V1,
  type InboxCountResponse,
  type InboxFeedResponse,
  type JobDispatchData,
  JobStatus,
  MESSAGE_DELETED_V1,
  type MessageDeletedData,
} from '@herald/contracts';
import { deadLetterQueueName, Messaging } from '@herald/messaging';
import { DATA_SOURCE } from '@herald/persistence';
import { runnerConfig, RunnerModule } from '@herald/runner-kit';
import { bootTestApp, expectEventually, RunnerTestWorld, type TestApp } from '@herald/testing';
import type { DataSource } from 'typeorm';

import { inAppRunner } from '../src/runner-in-app.definition';
import { deleteInAppRunnerQueues, handledDeletions, messageDeletionsQueue } from './support/in-app-runner-queues';

describe('runner-in-app: message.deleted.v1', () => {
  let world: RunnerTestWorld;
  let runner: TestApp;
  let messaging: Messaging;
  let db: DataSource;
  let prefix: string;
  const environmentId = randomUUID();
  const ada = buildSubscriberSnapshotFixture();

  beforeAll(async () => {
    world = await RunnerTestWorld.create('runner_in_app_deletion', 'in_app');
    prefix = world.env.BROKER_NAME_PREFIX;
    runner = await bootTestApp(RunnerModule.forChannel(inAppRunner, runnerConfig('in_app').load(world.env)));
    messaging = runner.app.get(Messaging);
    db = runner.app.get<DataSource>(DATA_SOURCE);
    await world.waitForRunner();
  });

  afterAll(async () => {
    await runner?.close();
    if (prefix) await deleteInAppRunnerQueues(prefix);
    await world?.close();
  });

  const call = <R>(method: string, data: Record<string, unknown>) =>
    messaging.rpc.call<R>(
      INBOX_RPC_SERVICE,
      createEnvelope(method, environmentId, { environmentId, subscriberId: ada.subscriberId, ...data }),
      { timeoutMs: 5_000 },
    );
  const feedIds = async () => (await call<InboxFeedResponse>(INBOX_FEED_V1, {})).data.map((message) => message.id);
  const unseen = async () => (await call<InboxCountResponse>(INBOX_UNSEEN_COUNT_V1, {})).count;
  const rowsOf = (data: JobDispatchData): Promise<unknown[]> =>
    db.query('SELECT id FROM runner_in_app.inbox_messages WHERE environment_id = $1 AND job_id = $2', [
      data.environmentId,
      data.jobId,
    ]);

  /** Delivers an in-app job to Ada and answers it with the inbox message id the runner reported. */
  async function deliver(): Promise<{ job: JobDispatchData; messageId: string }> {
    const base = buildJobDispatchFixture({ subscriber: ada }, 'in_app');
    const job = { ...base, environmentId };
    await world.dispatch(job);
    const outcome = await world.outcomeOf(job.jobId);
    expect(outcome).toMatchObject({ status: JobStatus.COMPLETED, delivery: { messageId: expect.any(String) } });
    return { job, messageId: outcome.delivery!.messageId! };
  }

  /** The deletion trigger-worker publishes for a delivered job. */
  const deletionOf = (
    delivered: { job: JobDispatchData; messageId: string },
    overrides: Partial<MessageDeletedData> = {},
  ) =>
    createContractMessage(
      MESSAGE_DELETED_V1,
      buildMessageDeletedFixture({
        environmentId,
        jobId: delivered.job.jobId,
        deliveredMessageId: delivered.messageId,
        transactionId: delivered.job.transactionId,
        subscriberId: ada.subscriberId,
        ...overrides,
      }),
    );

  /** Publishes deletions, then waits until the runner acked `total` deliveries of its deletions queue. */
  async function publishAndWait(total: number, ...messages: ReturnType<typeof deletionOf>[]): Promise<void> {
    for (const message of messages) await world.broker.publish(message);
    await expectEventually(async () => expect(await handledDeletions(messaging, prefix)).toBe(total));
  }

  it('removes the message from the feed and the unseen count; a redelivered deletion changes nothing', async () => {
    const deleted = await deliver();
    const kept = await deliver();
    expect(await unseen()).toBe(2);

    const deletion = deletionOf(deleted);
    await publishAndWait(1, deletion);
    expect(await feedIds()).toEqual([kept.messageId]);
    expect(await unseen()).toBe(1);

    await publishAndWait(2, deletion);
    expect(await feedIds()).toEqual([kept.messageId]);
    expect(await unseen()).toBe(1);
    expect(await handledDeletions(messaging, prefix, 'retried')).toBe(0);
    expect(await world.broker.depth(deadLetterQueueName(messageDeletionsQueue(prefix)))).toBe(0);

    // The delivery log still knows the job: its redelivered dispatch reports the delivery again and stores nothing.
    await world.dispatch({ ...deleted.job, attempt: 2 });
    expect(await world.outcomeOf(deleted.job.jobId, 2)).toMatchObject({ status: JobStatus.COMPLETED });
    expect(await rowsOf(deleted.job)).toHaveLength(0);
  });

  it('finds the message by its job when no delivered id was recorded, within its environment and channel only', async () => {
    const delivered = await deliver();
    const { deliveredMessageId: _none, ...byJob } = deletionOf(delivered).data;
    const before = await handledDeletions(messaging, prefix);

    await publishAndWait(
      before + 2,
      deletionOf(delivered, { channel: 'email' }),
      createContractMessage(MESSAGE_DELETED_V1, { ...byJob, environmentId: randomUUID() }),
    );
    expect(await rowsOf(delivered.job)).toHaveLength(1);

    await publishAndWait(before + 3, createContractMessage(MESSAGE_DELETED_V1, byJob));
    expect(await rowsOf(delivered.job)).toHaveLength(0);
    expect(await feedIds()).not.toContain(delivered.messageId);
  });
});
