import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A delivered message's counts are announced by the delivery itself (decision 0046): it reads
 * `inbox_counts()` after its insert, under the subscriber's lock, and publishes
 * `inbox.counts-changed.v1` after its commit with the message's own announcement — so the insert
 * trigger of 1764900000000, which wrote one outbox row per delivery for the relay to publish and
 * mark, is dropped. Updates and deletes (marks, actions, snoozes, `message.deleted.v1`) keep
 * their triggers: they are not on the delivery path and have no one place to announce from.
 */
export class InboxCountsOnDelivery1765400000000 implements MigrationInterface {
  readonly name = 'InboxCountsOnDelivery1765400000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TRIGGER inbox_counts_after_insert ON runner_in_app.inbox_messages`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TRIGGER inbox_counts_after_insert AFTER INSERT ON runner_in_app.inbox_messages
      REFERENCING NEW TABLE AS changed
      FOR EACH STATEMENT EXECUTE FUNCTION runner_in_app.announce_inbox_counts()`);
  }
}
