import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Triggers quarantined before they became notifications (decision 0030): each
 * `trigger.requested.v1` that crashed the worker too often gets one row, keyed by its message id,
 * which the activity feed shows as a notification with one FAILED job and the reason.
 */
export class FailedTriggers1766000000000 implements MigrationInterface {
  name = 'FailedTriggers1766000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE trigger.failed_triggers (
        id uuid PRIMARY KEY,
        environment_id text NOT NULL,
        organization_id text NOT NULL,
        transaction_id text NOT NULL,
        workflow_id text NOT NULL,
        workflow_identifier text NOT NULL,
        workflow_name text NOT NULL,
        step_id text NOT NULL,
        step_type text NOT NULL,
        step_name text NOT NULL,
        channels text[] NOT NULL,
        subscriber_ids text[] NOT NULL,
        payload jsonb NOT NULL,
        reason text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(
      'CREATE INDEX failed_triggers_feed_idx ON trigger.failed_triggers (environment_id, created_at DESC, id DESC)',
    );
    await runner.query(
      'CREATE INDEX failed_triggers_transaction_idx ON trigger.failed_triggers (environment_id, transaction_id)',
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE IF EXISTS trigger.failed_triggers');
  }
}
