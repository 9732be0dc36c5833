import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Provider configurations. Credentials are only ever stored sealed (AES-256-GCM) together with the
 * id of the key that sealed them, so keys can be rotated without a flag day.
 */
export class Integrations1764200002000 implements MigrationInterface {
  name = 'Integrations1764200002000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE gateway.integrations (
        id uuid PRIMARY KEY,
        environment_id uuid NOT NULL REFERENCES gateway.environments (id),
        provider_id text NOT NULL,
        channel text NOT NULL CHECK (channel IN ('email', 'sms', 'push', 'chat', 'in_app')),
        name text NOT NULL,
        identifier text NOT NULL,
        credentials_key_id text NOT NULL,
        credentials_iv bytea NOT NULL,
        credentials_tag bytea NOT NULL,
        credentials_ciphertext bytea NOT NULL,
        active boolean NOT NULL DEFAULT true,
        is_primary boolean NOT NULL DEFAULT false,
        priority integer NOT NULL DEFAULT 0,
        conditions jsonb NOT NULL DEFAULT '[]'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz
      )`);
    await runner.query(
      'CREATE UNIQUE INDEX integrations_environment_identifier_live_uq ON gateway.integrations (environment_id, identifier) WHERE deleted_at IS NULL',
    );
    // At most one primary per (environment, channel): the database enforces it, not only the service.
    await runner.query(
      'CREATE UNIQUE INDEX integrations_one_primary_uq ON gateway.integrations (environment_id, channel) WHERE is_primary AND deleted_at IS NULL',
    );
    await runner.query(
      'CREATE INDEX integrations_environment_channel_idx ON gateway.integrations (environment_id, channel) WHERE deleted_at IS NULL',
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE gateway.integrations');
  }
}
