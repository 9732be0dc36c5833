import { randomUUID } from 'node:crypto';

import {
  buildJobDispatchFixture,
  buildSubscriberSnapshotFixture,
  type Envelope,
  envelopeSchema,
  INBOX_COUNTS_CHANGED_V1,
  type InboxCountsChangedData,
  inboxCountsChangedDataSchema,
  JobStatus,
  type SubscriberSnapshot,
} from '@herald/contracts';
import { DATA_SOURCE } from '@herald/persistence';
import { runnerConfig, RunnerModule } from '@herald/runner-kit';
import { bootTestApp, expectEventually, type MessageRecorder, RunnerTestWorld, type TestApp } from '@herald/testing';
import type { DataSource } from 'typeorm';

import { InboxSnoozeSweep } from '../src/inbox/inbox-snooze-sweep';
import { inAppRunner } from '../src/runner-in-app.definition';
import { deleteInAppRunnerQueues } from './support/in-app-runner-queues';

/**
 * `inbox.counts-changed.v1` comes from the delivery that stores a message (decision 0046) and from
 * the inbox table's statement triggers (decision 0035): every statement that updates or deletes
 * inbox messages — whoever runs it — leaves one outbox row per subscriber it touched, with that
 * subscriber's counts as of its commit. Read here as the gateways receive them, from the broker.
 */
describe('runner-in-app: inbox.counts-changed.v1 from any change to the inbox', () => {
  let world: RunnerTestWorld;
  let runner: TestApp;
  let db: DataSource;
  let prefix: string;
  let announced: MessageRecorder<unknown>;
  const environmentId = randomUUID();

  beforeAll(async () => {
    world = await RunnerTestWorld.create('runner_in_app_counts', 'in_app');
    prefix = world.env.BROKER_NAME_PREFIX;
    runner = await bootTestApp(RunnerModule.forChannel(inAppRunner, runnerConfig('in_app').load(world.env)));
    db = runner.app.get<DataSource>(DATA_SOURCE);
    announced = await world.broker.record<unknown>([INBOX_COUNTS_CHANGED_V1]);
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

  /** The count events published for `subscriberId`, oldest first, each a valid envelope of the contract. */
  function countEvents(subscriberId: string): Omit<InboxCountsChangedData, 'environmentId'>[] {
    const ofSubscriber = (envelope: Envelope<unknown>) =>
      (envelope.data as { subscriberId?: string }).subscriberId === subscriberId;
    return announced.where(ofSubscriber).map((raw) => {
      const envelope = envelopeSchema.parse(raw);
      expect(envelope).toMatchObject({ type: INBOX_COUNTS_CHANGED_V1, environmentId });
      const { environmentId: inData, ...counts } = inboxCountsChangedDataSchema.parse(envelope.data);
      expect(inData).toBe(environmentId);
      return counts;
    });
  }

  /** Waits until the events published for the subscriber, from the `from`-th on, are `expected`. */
  async function expectCountEvents(subscriberId: string, expected: unknown[], from = 0): Promise<void> {
    await expectEventually(async () => expect(countEvents(subscriberId).slice(from)).toEqual(expected));
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
    await expectCountEvents(ada.subscriberId, [counts(ada.subscriberId, 1, 1), counts(ada.subscriberId, 2, 2)]);

    const inbox = 'runner_in_app.inbox_messages';
    await db.query(`UPDATE ${inbox} SET seen = true WHERE id = $1`, [first]);
    await db.query(`UPDATE ${inbox} SET read = true, seen = true WHERE id = $1`, [first]);
    await db.query(`UPDATE ${inbox} SET archived = true WHERE environment_id = $1 AND id <> $2`, [
      environmentId,
      first,
    ]);
    await db.query(`DELETE FROM ${inbox} WHERE id = $1`, [first]);
    await expectCountEvents(
      ada.subscriberId,
      [
        counts(ada.subscriberId, 1, 2),
        counts(ada.subscriberId, 1, 1),
        counts(ada.subscriberId, 0, 0),
        counts(ada.subscriberId, 0, 0),
      ],
      2,
    );
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
    await expectCountEvents(bea.subscriberId, [
      counts(bea.subscriberId, 1, 1),
      counts(bea.subscriberId, 2, 2),
      counts(bea.subscriberId, 2, 0),
    ]);
    await expectCountEvents(cy.subscriberId, [counts(cy.subscriberId, 1, 1), counts(cy.subscriberId, 1, 0)]);
  });

  it('leaves out a notification while it is snoozed, and counts it again once unsnoozed', async () => {
    const dee = buildSubscriberSnapshotFixture();
    const first = await deliver(dee);
    await deliver(dee);
    const inbox = 'runner_in_app.inbox_messages';
    await db.query(`UPDATE ${inbox} SET snoozed_until = now() + interval '1 hour' WHERE id = $1`, [first]);
    await db.query(`UPDATE ${inbox} SET snoozed_until = NULL WHERE id = $1`, [first]);
    await db.query(`UPDATE ${inbox} SET snoozed_until = now() - interval '1 second' WHERE id = $1`, [first]);
    await expectCountEvents(
      dee.subscriberId,
      [counts(dee.subscriberId, 1, 1), counts(dee.subscriberId, 2, 2), counts(dee.subscriberId, 2, 2)],
      2,
    );
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
    // Delivered, snoozed, and the row's update to a past time: each announced (trigger or delivery).
    await expectEventually(async () => expect(countEvents(eve.subscriberId)).toHaveLength(3));
    expect(await sweep.sweep()).toBe(1);
    expect(await sweep.sweep()).toBe(0);
    await expectCountEvents(eve.subscriberId, [counts(eve.subscriberId, 1, 1)], 3);

    await snoozeFor('-1 second');
    expect(await sweep.sweep()).toBe(1);
    await expectEventually(async () => expect(countEvents(eve.subscriberId)).toHaveLength(6));
  });
});
