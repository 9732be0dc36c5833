import type { MigrationInterface, QueryRunner } from 'typeorm';

const NOT_SNOOZED = '(snoozed_until IS NULL OR snoozed_until <= now())';

const countsFunction = (snoozed: string) => `
  CREATE OR REPLACE FUNCTION runner_in_app.inbox_counts(environment text, subscriber text) RETURNS jsonb
  LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object(
      'unseenCount', (SELECT count(*) FROM runner_in_app.inbox_messages
        WHERE environment_id = environment AND subscriber_id = subscriber AND NOT seen AND NOT archived${snoozed}),
      'unreadCount', jsonb_build_object('total', unread, 'severity',
        jsonb_build_object('high', 0, 'medium', 0, 'low', 0, 'none', unread)))
    FROM (SELECT count(*) AS unread FROM runner_in_app.inbox_messages
      WHERE environment_id = environment AND subscriber_id = subscriber AND NOT read AND NOT archived${snoozed}) AS counted
  $$`;

/**
 * The counts of `inbox.counts-changed.v1` (decision 0035) leave out a notification while it is
 * snoozed (`snoozed_until > now()`), as the session's `unreadCount` and the list already do
 * (decision 0034): snoozing announces one fewer, unsnoozing one more. Replaces `inbox_counts()` of
 * 1764900000000 in place; the triggers call it by name. Severity stays all `none`: it lives on the
 * workflow, in the gateway (decision 0035).
 */
export class InboxCountsWithoutSnoozed1765100000000 implements MigrationInterface {
  readonly name = 'InboxCountsWithoutSnoozed1765100000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(countsFunction(` AND ${NOT_SNOOZED}`));
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(countsFunction(''));
  }
}
