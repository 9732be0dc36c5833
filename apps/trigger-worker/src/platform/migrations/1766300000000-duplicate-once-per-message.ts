import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A trigger message is recorded as a duplicate once, however often it is delivered: the worker
 * no longer keeps a ledger row per consumed message (decision 0047), so the duplicate's own row
 * is what makes a redelivery of it change nothing.
 */
export class DuplicateOncePerMessage1766300000000 implements MigrationInterface {
  readonly name = 'DuplicateOncePerMessage1766300000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      'CREATE UNIQUE INDEX event_duplicates_message_key ON trigger.event_duplicates (environment_id, message_id)',
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX trigger.event_duplicates_message_key');
  }
}
