import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Fair dispatch between environments (decision 0032): a delivery job's place on the way to its
 * runner. `sent` — its `job.dispatch.<channel>.v1` is written (in flight until the job leaves
 * QUEUED/RUNNING, which clears it); `held` — QUEUED but waiting in Postgres because its
 * environment has its cap of jobs in flight on that channel; NULL — neither (not a delivery job,
 * finished, waiting out a retry's back-off, or dispatched before this column existed).
 * Expand-only: the old version ignores the column, the new one treats old rows as not in flight.
 */
export class HeldDispatch1766100000000 implements MigrationInterface {
  name = 'HeldDispatch1766100000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      "ALTER TABLE trigger.jobs ADD COLUMN dispatch text CONSTRAINT jobs_dispatch_check CHECK (dispatch IN ('held', 'sent'))",
    );
    // Both partial: they hold only the jobs on their way to a runner, never the finished history.
    await runner.query(
      "CREATE INDEX jobs_in_flight_idx ON trigger.jobs (environment_id, step_type) WHERE dispatch = 'sent'",
    );
    await runner.query(
      "CREATE INDEX jobs_held_idx ON trigger.jobs (environment_id, step_type, created_at, id) WHERE dispatch = 'held'",
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX IF EXISTS trigger.jobs_held_idx');
    await runner.query('DROP INDEX IF EXISTS trigger.jobs_in_flight_idx');
    await runner.query('ALTER TABLE trigger.jobs DROP COLUMN IF EXISTS dispatch');
  }
}
