import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The in-app inbox: one message per in-app job, unique per delivery key (the delivery-key rule:
 * a redelivered or retried job can never add a second message). `seq` orders messages for SSE
 * resumption (`Last-Event-ID`); the feed index serves a subscriber's newest messages first.
 */
export class Inbox1764600000000 implements MigrationInterface {
  readonly name = 'Inbox1764600000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE runner_in_app.inbox_messages (
        id uuid PRIMARY KEY,
        seq bigint GENERATED ALWAYS AS IDENTITY,
        environment_id text NOT NULL,
        organization_id text NOT NULL,
        subscriber_id text NOT NULL,
        subscriber_pk text NOT NULL,
        job_id text NOT NULL,
        notification_id text NOT NULL,
        transaction_id text NOT NULL,
        delivery_key text NOT NULL,
        workflow_id text NOT NULL,
        workflow_identifier text NOT NULL,
        step_id text NOT NULL,
        subject text,
        body text NOT NULL,
        avatar text,
        primary_action jsonb,
        secondary_action jsonb,
        redirect jsonb,
        data jsonb NOT NULL DEFAULT '{}'::jsonb,
        payload jsonb NOT NULL DEFAULT '{}'::jsonb,
        seen boolean NOT NULL DEFAULT false,
        read boolean NOT NULL DEFAULT false,
        archived boolean NOT NULL DEFAULT false,
        seen_at timestamptz,
        read_at timestamptz,
        archived_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT inbox_messages_delivery_key_key UNIQUE (environment_id, delivery_key)
      )`);
    await runner.query(`CREATE UNIQUE INDEX inbox_messages_seq_idx ON runner_in_app.inbox_messages (seq)`);
    await runner.query(
      `CREATE INDEX inbox_messages_feed_idx ON runner_in_app.inbox_messages (environment_id, subscriber_id, created_at DESC, id DESC)`,
    );
    await runner.query(
      `CREATE INDEX inbox_messages_unseen_idx ON runner_in_app.inbox_messages (environment_id, subscriber_id) WHERE NOT seen AND NOT archived`,
    );
    await runner.query(
      `CREATE INDEX inbox_messages_transaction_idx ON runner_in_app.inbox_messages (environment_id, transaction_id)`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE runner_in_app.inbox_messages`);
  }
}
