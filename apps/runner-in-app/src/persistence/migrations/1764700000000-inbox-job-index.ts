import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Finds an inbox message by the job that delivered it: `message.deleted.v1` names the job, and
 * the inbox message id only when the worker recorded it. Only adds an index.
 */
export class InboxJobIndex1764700000000 implements MigrationInterface {
  readonly name = 'InboxJobIndex1764700000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE INDEX inbox_messages_job_idx ON runner_in_app.inbox_messages (environment_id, job_id)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX runner_in_app.inbox_messages_job_idx`);
  }
}
