import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes behind the console's figures (issue 17): triggers per minute read `events` by
 * environment and time, and deliveries, failures and per-integration outcomes read the runner's
 * execution details (and every `failed` one) by environment and time. The second is partial, so
 * the worker's own progress details (the bulk of the table) do not pay for it.
 */
export class ConsoleInsights1766317000000 implements MigrationInterface {
  name = 'ConsoleInsights1766317000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('CREATE INDEX IF NOT EXISTS events_created_idx ON trigger.events (environment_id, created_at)');
    await runner.query(
      `CREATE INDEX IF NOT EXISTS execution_details_outcomes_idx ON trigger.execution_details (environment_id, occurred_at)
       WHERE source = 'runner' OR status = 'failed'`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX IF EXISTS trigger.execution_details_outcomes_idx');
    await runner.query('DROP INDEX IF EXISTS trigger.events_created_idx');
  }
}
