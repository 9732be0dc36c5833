import type { MigrationInterface, QueryRunner } from 'typeorm';

const TIMESTAMP = 1764100000000;

/**
 * The runner's delivery log: one row per job, keyed by its delivery key, so a job already delivered
 * is never sent again on redelivery or retry (see issue 5 and the delivery-key decision record).
 */
export function createDeliveryLogMigration(schema: string): new () => MigrationInterface {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid schema name "${schema}"`);
  const name = `DeliveryLog${schema.replace(/(^|_)([a-z])/g, (_m, _s, c: string) => c.toUpperCase())}${TIMESTAMP}`;

  class DeliveryLogMigration implements MigrationInterface {
    readonly name = name;

    async up(runner: QueryRunner): Promise<void> {
      await runner.query(`
        CREATE TABLE "${schema}".deliveries (
          job_id text PRIMARY KEY,
          environment_id text NOT NULL,
          delivery_key text NOT NULL,
          transaction_id text NOT NULL,
          subscriber_id text NOT NULL,
          step_id text NOT NULL,
          attempt integer NOT NULL DEFAULT 1,
          outcome text NOT NULL DEFAULT 'sending' CHECK (outcome IN ('sending', 'delivered', 'failed', 'canceled')),
          integration_id text,
          provider_id text,
          provider_message_id text,
          error_code text,
          error_message text,
          created_at timestamptz NOT NULL DEFAULT now(),
          updated_at timestamptz NOT NULL DEFAULT now(),
          UNIQUE (environment_id, delivery_key)
        )`);
      await runner.query(
        `CREATE INDEX deliveries_transaction_idx ON "${schema}".deliveries (environment_id, transaction_id)`,
      );
    }

    async down(runner: QueryRunner): Promise<void> {
      await runner.query(`DROP TABLE "${schema}".deliveries`);
    }
  }
  Object.defineProperty(DeliveryLogMigration, 'name', { value: name });
  return DeliveryLogMigration;
}
