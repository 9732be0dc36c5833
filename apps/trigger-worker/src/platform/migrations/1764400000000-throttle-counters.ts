import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Throttle counters (decision 0022): one row per (environment, subscriber, workflow, throttle step,
 * throttle-key value). The row lock serialises arrivals; `counts_until` holds one timestamp per
 * execution that passed and still counts (at most the threshold); `expires_at` is the latest of
 * them, so expired counters are found by index and purged.
 */
export class ThrottleCounters1764400000000 implements MigrationInterface {
  name = 'ThrottleCounters1764400000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE trigger.throttle_counters (
        environment_id text NOT NULL,
        subscriber_pk uuid NOT NULL,
        workflow_id text NOT NULL,
        step_id text NOT NULL,
        throttle_key text NOT NULL,
        counts_until timestamptz[] NOT NULL DEFAULT '{}',
        expires_at timestamptz NOT NULL,
        PRIMARY KEY (environment_id, subscriber_pk, workflow_id, step_id, throttle_key)
      )`);
    await runner.query('CREATE INDEX throttle_counters_expires_idx ON trigger.throttle_counters (expires_at)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE IF EXISTS trigger.throttle_counters');
  }
}
