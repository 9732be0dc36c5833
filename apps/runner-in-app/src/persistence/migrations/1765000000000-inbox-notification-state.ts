import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What Novu's inbox API shows beyond seen/read/archived (decision 0034): snooze and the state of
 * the two action buttons. A snoozed message is one whose `snoozed_until` is still ahead: queries
 * compare it with now(), so it comes back at that time with no timer to fire. Only adds nullable
 * or defaulted columns (expand-only).
 */
export class InboxNotificationState1765000000000 implements MigrationInterface {
  readonly name = 'InboxNotificationState1765000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE runner_in_app.inbox_messages
        ADD COLUMN snoozed_until timestamptz,
        ADD COLUMN primary_action_completed boolean NOT NULL DEFAULT false,
        ADD COLUMN secondary_action_completed boolean NOT NULL DEFAULT false`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE runner_in_app.inbox_messages
        DROP COLUMN snoozed_until, DROP COLUMN primary_action_completed, DROP COLUMN secondary_action_completed`);
  }
}
