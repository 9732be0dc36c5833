import { randomUUID } from 'node:crypto';

import {
  buildJobDispatchFixture,
  buildSubscriberSnapshotFixture,
  envelopeSchema,
  INBOX_COUNTS_CHANGED_V1,
  type InboxCountsChangedData,
  inboxCountsChangedDataSchema,
  JobStatus,
  type SubscriberSnapshot,
} from '@herald/contracts';
import { DATA_SOURCE } from '@herald/persistence';
import { runnerConfig, RunnerModule } from '@herald/runner-kit';
import { bootTestApp, RunnerTestWorld, type TestApp } from '@herald/testing';
import type { DataSource } from 'typeorm';

import { InboxSnoozeSweep } from '../src/inbox/inbox-snooze-sweep';
import { inAppRunner } from '../src/runner-in-app.definition';
import { deleteInAppRunnerQueues } from './support/in-app-runner-queues';

/**
 * `inbox.counts-changed.v1` comes from the inbox table's statement triggers (decision 0035): every
 * statement that inserts, updates or deletes inbox messages — whoever runs it — leaves one outbox
 * row per subscriber it touched, with that subscriber's counts as of its commit.
 */
describe('runner-in-app: inbox.counts-changed.v1 from any change to the inbox', () => {
  let world: RunnerTestWorld;
  let runner: TestApp;
  let db: DataSource;
  let prefix: string;
  const environmentId = randomUUID();

  beforeAll(async () => {
    world = await RunnerTestWorld.create('runner_in_app_counts', 'in_app');
    prefix = world.env.BROKER_NAME_PREFIX;
    runner = await bootTestApp(RunnerModule.forChannel(inAppRunner, runnerConfig('in_app').load(world.env)));
    db = runner.app.get<DataSource>(DATA_SOURCE);
    await world.waitForRunner();
  });

  afterAll(async () => {
    await runner?.close();
    if (prefix) await deleteInAppRunnerQueues(prefix);
    await world?.close();
  });

  async function deliver(subscriber: SubscriberSnapshot): Promise<string> {
    const job = { ...buildJobDispatchFixture({ subscriber }, 'in_app'), environmentId };
    await world.dispatch(job);
    const outcome = await world.outcomeOf(job.jobId);
    expect(outcome.status).toBe(JobStatus.COMPLETED);
    return outcome.delivery!.messageId!;
  }

  /** The count events written for `subscriberId`, oldest first, each a valid envelope of the contract. */
  async function countEvents(subscriberId: string): Promise<Omit<InboxCountsChangedData, 'environmentId'>[]> {
    const rows: { routing_key: string; mandatory: boolean; envelope: unknown }[] = await db.query(
      `SELECT routing_key, mandatory, envelope FROM runner_in_app.outbox
       WHERE routing_key = $1 AND envelope->'data'->>'subscriberId' = $2 ORDER BY id`,
      [INBOX_COUNTS_CHANGED_V1, subscriberId],
    );
    return rows.map((row) => {
      expect(row.mandatory).toBe(false);
      const envelope = envelopeSchema.parse(row.envelope);
      expect(envelope).toMatchObject({ type: INBOX_COUNTS_CHANGED_V1, environmentId });
      const { environmentId: inData, ...counts } = inboxCountsChangedDataSchema.parse(envelope.data);
      expect(inData).toBe(environmentId);
      return counts;
    });
  }

  const counts = (subscriberId: string, unseen: number, unread: number) => ({
    subscriberId,
    unseenCount: unseen,
    unreadCount: { total: unread, severity: { high: 0, medium: 0, low: 0, none: unread } },
  });

  it('announces the counts after a delivery, a mark, an archive and a delete', async () => {
    const ada = buildSubscriberSnapshotFixture();
    const first = await deliver(ada);
    await deliver(ada);
    expect(await countEvents(ada.subscriberId)).toEqual([
      counts(ada.subscriberId, 1, 1),
      counts(ada.subscriberId, 2, 2),
    ]);

    const inbox = 'runner_in_app.inbox_messages';
    await db.query(`UPDATE ${inbox} SET seen = true WHERE id = $1`, [first]);
    await db.query(`UPDATE ${inbox} SET read = true, seen = true WHERE id = $1`, [first]);
    await db.query(`UPDATE ${inbox} SET archived = true WHERE environment_id = $1 AND id <> $2`, [
      environmentId,
      first,
    ]);
    await db.query(`DELETE FROM ${inbox} WHERE id = $1`, [first]);
    expect((await countEvents(ada.subscriberId)).slice(2)).toEqual([
      counts(ada.subscriberId, 1, 2),
      counts(ada.subscriberId, 1, 1),
      counts(ada.subscriberId, 0, 0),
      counts(ada.subscriberId, 0, 0),
    ]);
  });

  it('writes one event per subscriber a statement touched, none for a statement that touched nothing', async () => {
    const [bea, cy] = [buildSubscriberSnapshotFixture(), buildSubscriberSnapshotFixture()];
    await deliver(bea);
    await deliver(bea);
    await deliver(cy);
    await db.query(`UPDATE runner_in_app.inbox_messages SET read = true WHERE subscriber_id = ANY($1)`, [
      [bea.subscriberId, cy.subscriberId],
    ]);
    await db.query(`UPDATE runner_in_app.inbox_messages SET read = true WHERE subscriber_id = 'nobody'`);
    expect(await countEvents(bea.subscriberId)).toEqual([
      counts(bea.subscriberId, 1, 1),
      counts(bea.subscriberId, 2, 2),
      counts(bea.subscriberId, 2, 0),
    ]);
    expect(await countEvents(cy.subscriberId)).toEqual([counts(cy.subscriberId, 1, 1), counts(cy.subscriberId, 1, 0)]);
  });

  it('leaves out a notification while it is snoozed, and counts it again once unsnoozed', async () => {
    const dee = buildSubscriberSnapshotFixture();
    const first = await deliver(dee);
    await deliver(dee);
    const inbox = 'runner_in_app.inbox_messages';
    await db.query(`UPDATE ${inbox} SET snoozed_until = now() + interval '1 hour' WHERE id = $1`, [first]);
    await db.query(`UPDATE ${inbox} SET snoozed_until = NULL WHERE id = $1`, [first]);
    await db.query(`UPDATE ${inbox} SET snoozed_until = now() - interval '1 second' WHERE id = $1`, [first]);
    expect((await countEvents(dee.subscriberId)).slice(2)).toEqual([
      counts(dee.subscriberId, 1, 1),
      counts(dee.subscriberId, 2, 2),
      counts(dee.subscriberId, 2, 2),
    ]);
  });

  it('announces a snooze that ended once, through the sweep, and again after a new snooze ends', async () => {
    const eve = buildSubscriberSnapshotFixture();
    const first = await deliver(eve);
    const inbox = 'runner_in_app.inbox_messages';
    const sweep = runner.app.get(InboxSnoozeSweep);
    await sweep.sweep();
    const snoozeFor = (interval: string) =>
      db.query(`UPDATE ${inbox} SET snoozed_until = now() + $2::interval, snooze_end_announced = false WHERE id = $1`, [
        first,
        interval,
      ]);
    await snoozeFor('1 hour');
    expect(await sweep.sweep()).toBe(0);
    // The snooze runs out: nothing changes a row, so nothing is announced until the sweep.
    await db.query(`UPDATE ${inbox} SET snoozed_until = now() - interval '1 second' WHERE id = $1`, [first]);
    const before = (await countEvents(eve.subscriberId)).length;
    expect(await sweep.sweep()).toBe(1);
    expect(await sweep.sweep()).toBe(0);
    const after = await countEvents(eve.subscriberId);
    expect(after).toHaveLength(before + 1);
    expect(after.at(-1)).toEqual(counts(eve.subscriberId, 1, 1));

    await snoozeFor('-1 second');
    expect(await sweep.sweep()).toBe(1);
    expect(await countEvents(eve.subscriberId)).toHaveLength(before + 3);
  });
});
