import type { MigrationInterface, QueryRunner } from 'typeorm';

const TIMESTAMP = 1764500000000;

/**
 * Expands the delivery log for the runner loop: a send lease (`locked_until`, so a second copy of
 * a job waits while one process sends it, and a crashed send can be resumed after it expires),
 * and what a later attempt needs to report a delivery again without sending (`recipient`,
 * `message_id`) or to explain a failure (`error_retryable`). Only adds nullable columns.
 */
export function createDeliveryLogLeaseMigration(schema: string): new () => MigrationInterface {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid schema name "${schema}"`);
  const name = `DeliveryLogLease${schema.replace(/(^|_)([a-z])/g, (_m, _s, c: string) => c.toUpperCase())}${TIMESTAMP}`;

  class DeliveryLogLeaseMigration implements MigrationInterface {
    readonly name = name;

    async up(runner: QueryRunner): Promise<void> {
      await runner.query(`
        ALTER TABLE "${schema}".deliveries
          ADD COLUMN locked_until timestamptz,
          ADD COLUMN recipient text,
          ADD COLUMN message_id text,
          ADD COLUMN error_retryable boolean`);
    }

    async down(runner: QueryRunner): Promise<void> {
      await runner.query(
        `ALTER TABLE "${schema}".deliveries DROP COLUMN locked_until, DROP COLUMN recipient, DROP COLUMN message_id, DROP COLUMN error_retryable`,
      );
    }
  }
  Object.defineProperty(DeliveryLogLeaseMigration, 'name', { value: name });
  return DeliveryLogLeaseMigration;
}
