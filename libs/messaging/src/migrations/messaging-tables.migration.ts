import type { MigrationInterface, QueryRunner } from 'typeorm';

import { outboxNotifyChannel, quoteSchema } from '../sql/schema-identifier';

/** 2025-11-24: when these tables first shipped; TypeORM wants a 13-digit timestamp at the name's end. */
const DEFAULT_TIMESTAMP = 1764000000000;

/**
 * A TypeORM migration creating the transactional `outbox` and the `processed_messages` ledger in
 * `schema`. Add `createMessagingTablesMigration('<your schema>')` to the app's migrations. The
 * class name is stable per schema (`MessagingTables<Schema><timestamp>`), so it runs once.
 */
export function createMessagingTablesMigration(
  schema: string,
  options: { timestamp?: number } = {},
): new () => MigrationInterface {
  const s = quoteSchema(schema);
  const name = `MessagingTables${pascal(schema)}${options.timestamp ?? DEFAULT_TIMESTAMP}`;
  const channel = outboxNotifyChannel(schema);

  class MessagingTablesMigration implements MigrationInterface {
    readonly name = name;

    async up(runner: QueryRunner): Promise<void> {
      // No CREATE SCHEMA: the schema is provisioned, owned by the service role, which may not create one.
      await runner.query(`
        CREATE TABLE ${s}.outbox (
          id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
          message_id uuid NOT NULL,
          routing_key text NOT NULL,
          envelope jsonb NOT NULL,
          headers jsonb NOT NULL DEFAULT '{}'::jsonb,
          created_at timestamptz NOT NULL DEFAULT now(),
          available_at timestamptz NOT NULL DEFAULT now(),
          attempts integer NOT NULL DEFAULT 0,
          last_error text,
          sent_at timestamptz
        )`);
      await runner.query(`CREATE INDEX outbox_unsent_idx ON ${s}.outbox (available_at, id) WHERE sent_at IS NULL`);
      await runner.query(`CREATE INDEX outbox_sent_at_idx ON ${s}.outbox (sent_at) WHERE sent_at IS NOT NULL`);
      // One NOTIFY per inserting statement, delivered at commit: relays wake up without polling.
      await runner.query(`
        CREATE FUNCTION ${s}.herald_outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          PERFORM pg_notify('${channel}', '');
          RETURN NULL;
        END $$`);
      await runner.query(
        `CREATE TRIGGER outbox_notify AFTER INSERT ON ${s}.outbox FOR EACH STATEMENT EXECUTE FUNCTION ${s}.herald_outbox_notify()`,
      );
      await runner.query(`
        CREATE TABLE ${s}.processed_messages (
          consumer text NOT NULL,
          message_id uuid NOT NULL,
          processed_at timestamptz NOT NULL DEFAULT now(),
          PRIMARY KEY (consumer, message_id)
        )`);
      await runner.query(`CREATE INDEX processed_messages_processed_at_idx ON ${s}.processed_messages (processed_at)`);
    }

    async down(runner: QueryRunner): Promise<void> {
      await runner.query(`DROP TABLE IF EXISTS ${s}.processed_messages`);
      await runner.query(`DROP TABLE IF EXISTS ${s}.outbox`);
      await runner.query(`DROP FUNCTION IF EXISTS ${s}.herald_outbox_notify()`);
    }
  }
  Object.defineProperty(MessagingTablesMigration, 'name', { value: name });
  return MessagingTablesMigration;
}

function pascal(schema: string): string {
  return schema
    .split('_')
    .filter(Boolean)
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join('');
}
