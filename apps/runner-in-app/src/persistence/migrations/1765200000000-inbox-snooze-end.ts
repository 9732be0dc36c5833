import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Whether the end of a notification's snooze has been announced (decision 0035): the snooze sweep
 * sets it once `snoozed_until` has passed, and that update is what makes the counts trigger
 * announce the notification back. A new snooze clears it. Existing rows start unannounced, so a
 * snooze that ended before this migration is announced once more (one extra counts event).
 * Expand-only: a defaulted column and a partial index of the snoozes still to announce.
 */
export class InboxSnoozeEnd1765200000000 implements MigrationInterface {
  readonly name = 'InboxSnoozeEnd1765200000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `ALTER TABLE runner_in_app.inbox_messages ADD COLUMN snooze_end_announced boolean NOT NULL DEFAULT false`,
    );
    await runner.query(
      `CREATE INDEX inbox_messages_snooze_end_idx ON runner_in_app.inbox_messages (snoozed_until)
       WHERE snoozed_until IS NOT NULL AND NOT snooze_end_announced`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX runner_in_app.inbox_messages_snooze_end_idx`);
    await runner.query(`ALTER TABLE runner_in_app.inbox_messages DROP COLUMN snooze_end_announced`);
  }
}
