import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Object metadata. `state` follows an attachment's life: `pending` (presigned, not yet confirmed),
 * `stored` (uploaded), `queued` (its trigger was acknowledged), `deleted` (swept).
 */
export class Attachments1764100000000 implements MigrationInterface {
  name = 'Attachments1764100000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE attachments.attachments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        environment_id text NOT NULL,
        object_key text NOT NULL UNIQUE,
        name text NOT NULL,
        mime text NOT NULL,
        size_bytes bigint NOT NULL CHECK (size_bytes >= 0),
        sha256 text,
        state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'stored', 'queued', 'deleted')),
        transaction_id text,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL
      )`);
    await runner.query(
      'CREATE INDEX attachments_environment_transaction_idx ON attachments.attachments (environment_id, transaction_id)',
    );
    await runner.query(
      `CREATE INDEX attachments_sweep_idx ON attachments.attachments (expires_at) WHERE state <> 'deleted'`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE attachments.attachments');
  }
}
