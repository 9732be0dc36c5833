import type { MigrationInterface, QueryRunner } from 'typeorm';

const EVENTS = ['INSERT', 'UPDATE', 'DELETE'] as const;

/**
 * Announces a subscriber's inbox counts (`inbox.counts-changed.v1`, decision 0035) from the
 * database itself: after every statement that inserts, updates or deletes inbox messages, one
 * outbox row per subscriber it touched, in the same transaction. Whatever changes the inbox — the
 * delivery of a message, an RPC mark or action, a `message.deleted.v1` — cannot forget it.
 *
 * The counts are read under the subscriber's advisory lock (the one the delivery path holds,
 * decision 0015), so of two concurrent changes the one that commits last counts both. Counting is
 * `inbox_counts()`, alone so that new inbox states (snooze, severity) change one function.
 */
export class InboxCountsChanged1764900000000 implements MigrationInterface {
  readonly name = 'InboxCountsChanged1764900000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `CREATE INDEX inbox_messages_unread_idx ON runner_in_app.inbox_messages (environment_id, subscriber_id) WHERE NOT read AND NOT archived`,
    );
    await runner.query(`
      CREATE FUNCTION runner_in_app.inbox_counts(environment text, subscriber text) RETURNS jsonb
      LANGUAGE sql STABLE AS $$
        SELECT jsonb_build_object(
          'unseenCount', (SELECT count(*) FROM runner_in_app.inbox_messages
            WHERE environment_id = environment AND subscriber_id = subscriber AND NOT seen AND NOT archived),
          'unreadCount', jsonb_build_object('total', unread, 'severity',
            jsonb_build_object('high', 0, 'medium', 0, 'low', 0, 'none', unread)))
        FROM (SELECT count(*) AS unread FROM runner_in_app.inbox_messages
          WHERE environment_id = environment AND subscriber_id = subscriber AND NOT read AND NOT archived) AS counted
      $$`);
    await runner.query(`
      CREATE FUNCTION runner_in_app.announce_inbox_counts() RETURNS trigger
      LANGUAGE plpgsql AS $$
      DECLARE
        target record;
        event_id uuid;
      BEGIN
        FOR target IN SELECT DISTINCT environment_id, subscriber_id FROM changed ORDER BY 1, 2 LOOP
          PERFORM pg_advisory_xact_lock(hashtextextended('inbox:' || target.environment_id || ':' || target.subscriber_id, 0));
          event_id := gen_random_uuid();
          INSERT INTO runner_in_app.outbox (message_id, routing_key, envelope, mandatory)
          VALUES (event_id, 'inbox.counts-changed.v1', jsonb_build_object(
            'id', event_id,
            'type', 'inbox.counts-changed.v1',
            'occurredAt', to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
            'environmentId', target.environment_id,
            'data', jsonb_build_object('environmentId', target.environment_id, 'subscriberId', target.subscriber_id)
              || runner_in_app.inbox_counts(target.environment_id, target.subscriber_id)
          ), false);
        END LOOP;
        RETURN NULL;
      END
      $$`);
    for (const event of EVENTS) {
      const table = event === 'DELETE' ? 'OLD' : 'NEW';
      await runner.query(`
        CREATE TRIGGER inbox_counts_after_${event.toLowerCase()} AFTER ${event} ON runner_in_app.inbox_messages
        REFERENCING ${table} TABLE AS changed
        FOR EACH STATEMENT EXECUTE FUNCTION runner_in_app.announce_inbox_counts()`);
    }
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const event of EVENTS)
      await runner.query(`DROP TRIGGER inbox_counts_after_${event.toLowerCase()} ON runner_in_app.inbox_messages`);
    await runner.query(`DROP FUNCTION runner_in_app.announce_inbox_counts()`);
    await runner.query(`DROP FUNCTION runner_in_app.inbox_counts(text, text)`);
    await runner.query(`DROP INDEX runner_in_app.inbox_messages_unread_idx`);
  }
}
