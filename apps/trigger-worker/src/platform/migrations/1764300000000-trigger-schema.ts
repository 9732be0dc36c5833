import { MigrationInterface, QueryRunner } from 'typeorm';

const JOB_STATUSES = `'pending', 'queued', 'running', 'completed', 'failed', 'delayed', 'canceled', 'merged', 'skipped'`;

/**
 * The trigger schema: subscribers and their topics and preferences; one `events` row per
 * trigger (the payload, stored once); notifications, jobs and their execution details; the
 * durable scheduler's timers and the digest groups. Every customer table carries
 * `environment_id`. Only additive changes follow this migration (expand-then-contract).
 */
export class TriggerSchema1764300000000 implements MigrationInterface {
  name = 'TriggerSchema1764300000000';

  async up(runner: QueryRunner): Promise<void> {
    await this.subscribers(runner);
    await this.events(runner);
    await this.jobs(runner);
    await this.scheduling(runner);
  }

  private async subscribers(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE trigger.subscribers (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        environment_id text NOT NULL,
        organization_id text NOT NULL,
        subscriber_id text NOT NULL,
        email text, phone text, first_name text, last_name text, avatar text, locale text, timezone text,
        data jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT subscribers_environment_subscriber_key UNIQUE (environment_id, subscriber_id)
      )`);
    // '' stands for "no integration identifier" so the key needs no NULLS NOT DISTINCT.
    await runner.query(`
      CREATE TABLE trigger.subscriber_channels (
        environment_id text NOT NULL,
        subscriber_pk uuid NOT NULL REFERENCES trigger.subscribers (id) ON DELETE CASCADE,
        provider_id text NOT NULL,
        integration_identifier text NOT NULL DEFAULT '',
        credentials jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (subscriber_pk, provider_id, integration_identifier)
      )`);
    await runner.query(`
      CREATE TABLE trigger.topics (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        environment_id text NOT NULL,
        key text NOT NULL,
        name text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT topics_environment_key_key UNIQUE (environment_id, key)
      )`);
    // Keyset pagination of a topic walks this primary key (topic, subscriberId).
    await runner.query(`
      CREATE TABLE trigger.topic_subscribers (
        id uuid NOT NULL DEFAULT gen_random_uuid() UNIQUE,
        environment_id text NOT NULL,
        topic_id uuid NOT NULL REFERENCES trigger.topics (id) ON DELETE CASCADE,
        subscriber_id text NOT NULL,
        subscriber_pk uuid NOT NULL REFERENCES trigger.subscribers (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (topic_id, subscriber_id)
      )`);
    await runner.query('CREATE INDEX topic_subscribers_subscriber_idx ON trigger.topic_subscribers (subscriber_pk)');
    // workflow_id '' = the subscriber's global preferences; channels maps channel → enabled.
    await runner.query(`
      CREATE TABLE trigger.preferences (
        environment_id text NOT NULL,
        subscriber_pk uuid NOT NULL REFERENCES trigger.subscribers (id) ON DELETE CASCADE,
        workflow_id text NOT NULL DEFAULT '',
        enabled boolean NOT NULL DEFAULT true,
        channels jsonb NOT NULL DEFAULT '{}'::jsonb,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (subscriber_pk, workflow_id)
      )`);
  }

  private async events(runner: QueryRunner): Promise<void> {
    // The unique (environment, transactionId) is the de-duplication: a second trigger conflicts.
    await runner.query(`
      CREATE TABLE trigger.events (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        environment_id text NOT NULL,
        organization_id text NOT NULL,
        transaction_id text NOT NULL,
        message_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('trigger', 'broadcast')),
        workflow jsonb NOT NULL,
        workflow_id text NOT NULL,
        workflow_identifier text NOT NULL,
        workflow_version integer NOT NULL,
        recipients jsonb NOT NULL,
        payload jsonb NOT NULL,
        overrides jsonb NOT NULL,
        actor jsonb,
        tenant jsonb,
        context jsonb,
        attachments jsonb NOT NULL DEFAULT '[]'::jsonb,
        requested_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        fanout_status text NOT NULL DEFAULT 'done' CHECK (fanout_status IN ('running', 'done')),
        fanout_cursor jsonb,
        duplicates integer NOT NULL DEFAULT 0,
        CONSTRAINT events_environment_transaction_key UNIQUE (environment_id, transaction_id)
      )`);
    await runner.query(`
      CREATE TABLE trigger.event_duplicates (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        environment_id text NOT NULL,
        transaction_id text NOT NULL,
        event_id uuid NOT NULL REFERENCES trigger.events (id) ON DELETE CASCADE,
        message_id uuid NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(
      'CREATE INDEX event_duplicates_transaction_idx ON trigger.event_duplicates (environment_id, transaction_id)',
    );
    await runner.query(`
      CREATE TABLE trigger.notifications (
        id uuid PRIMARY KEY,
        environment_id text NOT NULL,
        organization_id text NOT NULL,
        event_id uuid NOT NULL REFERENCES trigger.events (id) ON DELETE CASCADE,
        transaction_id text NOT NULL,
        workflow_id text NOT NULL,
        workflow_identifier text NOT NULL,
        workflow_version integer NOT NULL,
        subscriber_pk uuid NOT NULL,
        subscriber_id text NOT NULL,
        channels text[] NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT notifications_event_subscriber_key UNIQUE (event_id, subscriber_pk)
      )`);
    await runner.query(
      'CREATE INDEX notifications_feed_idx ON trigger.notifications (environment_id, created_at DESC, id DESC)',
    );
    await runner.query(
      'CREATE INDEX notifications_transaction_idx ON trigger.notifications (environment_id, transaction_id)',
    );
    await runner.query(
      'CREATE INDEX notifications_subscriber_idx ON trigger.notifications (environment_id, subscriber_id)',
    );
  }

  private async jobs(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE trigger.jobs (
        id uuid PRIMARY KEY,
        environment_id text NOT NULL,
        notification_id uuid NOT NULL REFERENCES trigger.notifications (id) ON DELETE CASCADE,
        event_id uuid NOT NULL,
        transaction_id text NOT NULL,
        subscriber_pk uuid NOT NULL,
        subscriber_id text NOT NULL,
        step_id text NOT NULL,
        step_type text NOT NULL,
        step_index integer NOT NULL,
        chain_order integer NOT NULL,
        parent_job_id uuid,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN (${JOB_STATUSES})),
        attempt integer NOT NULL DEFAULT 1 CHECK (attempt >= 1),
        run_at timestamptz,
        provider_id text,
        digest_key text,
        digest_leader_id uuid,
        digest_seq bigint,
        digest jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT jobs_notification_chain_key UNIQUE (notification_id, chain_order)
      )`);
    await runner.query('CREATE INDEX jobs_parent_idx ON trigger.jobs (parent_job_id) WHERE parent_job_id IS NOT NULL');
    await runner.query('CREATE INDEX jobs_transaction_idx ON trigger.jobs (environment_id, transaction_id)');
    await runner.query(
      'CREATE INDEX jobs_digest_leader_idx ON trigger.jobs (digest_leader_id, digest_seq) WHERE digest_leader_id IS NOT NULL',
    );
    await runner.query(`
      CREATE TABLE trigger.execution_details (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        environment_id text NOT NULL,
        job_id uuid NOT NULL REFERENCES trigger.jobs (id) ON DELETE CASCADE,
        notification_id uuid NOT NULL,
        status text NOT NULL CHECK (status IN (${JOB_STATUSES})),
        attempt integer NOT NULL,
        source text NOT NULL CHECK (source IN ('worker', 'runner')),
        detail text NOT NULL,
        provider_id text,
        raw jsonb,
        occurred_at timestamptz NOT NULL DEFAULT now(),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query('CREATE INDEX execution_details_job_idx ON trigger.execution_details (job_id, id)');
    await runner.query(
      'CREATE INDEX execution_details_notification_idx ON trigger.execution_details (notification_id)',
    );
    // The delivery read model behind GET /v1/messages, fed by the delivery records of status events.
    await runner.query(`
      CREATE TABLE trigger.messages (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        environment_id text NOT NULL,
        job_id uuid NOT NULL,
        notification_id uuid NOT NULL,
        transaction_id text NOT NULL,
        subscriber_id text NOT NULL,
        channel text NOT NULL,
        recipient text NOT NULL,
        external_message_id text,
        provider_id text,
        provider_message_id text,
        deleted_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT messages_job_key UNIQUE (job_id)
      )`);
    await runner.query('CREATE INDEX messages_feed_idx ON trigger.messages (environment_id, created_at DESC, id DESC)');
    await runner.query('CREATE INDEX messages_transaction_idx ON trigger.messages (environment_id, transaction_id)');
  }

  private async scheduling(runner: QueryRunner): Promise<void> {
    // One pending timer per (subject, kind); the poller deletes it in the transaction that acts on it.
    await runner.query(`
      CREATE TABLE trigger.timers (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        environment_id text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('delay', 'digest', 'retry', 'fanout')),
        subject_id uuid NOT NULL,
        run_at timestamptz NOT NULL,
        failures integer NOT NULL DEFAULT 0,
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT timers_subject_kind_key UNIQUE (subject_id, kind)
      )`);
    await runner.query('CREATE INDEX timers_run_at_idx ON trigger.timers (run_at)');
    await runner.query(`
      CREATE FUNCTION trigger.herald_timers_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('herald_timers_trigger', '');
        RETURN NULL;
      END $$`);
    await runner.query(
      'CREATE TRIGGER timers_notify AFTER INSERT OR UPDATE OF run_at ON trigger.timers FOR EACH STATEMENT EXECUTE FUNCTION trigger.herald_timers_notify()',
    );
    // One row per digest group: the row lock serialises every arrival, the leader column says
    // whether a window is open. This is what makes digests race-free across replicas.
    await runner.query(`
      CREATE TABLE trigger.digest_groups (
        environment_id text NOT NULL,
        subscriber_pk uuid NOT NULL,
        workflow_id text NOT NULL,
        step_id text NOT NULL,
        digest_key text NOT NULL,
        leader_job_id uuid,
        closes_at timestamptz,
        event_seq bigint NOT NULL DEFAULT 0,
        last_event_at timestamptz,
        previous_event_at timestamptz,
        PRIMARY KEY (environment_id, subscriber_pk, workflow_id, step_id, digest_key)
      )`);
    await runner.query(
      'CREATE UNIQUE INDEX digest_groups_leader_idx ON trigger.digest_groups (leader_job_id) WHERE leader_job_id IS NOT NULL',
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of [
      'digest_groups',
      'timers',
      'messages',
      'execution_details',
      'jobs',
      'notifications',
      'event_duplicates',
      'events',
      'preferences',
      'topic_subscribers',
      'topics',
      'subscriber_channels',
      'subscribers',
    ]) {
      await runner.query(`DROP TABLE IF EXISTS trigger.${table}`);
    }
    await runner.query('DROP FUNCTION IF EXISTS trigger.herald_timers_notify()');
  }
}
