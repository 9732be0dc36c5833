import { MigrationInterface, QueryRunner } from 'typeorm';

/** Tenants (Novu's `/v1/tenants`): an identifier per environment with a name and free-form data. */
export class Tenants1764200001000 implements MigrationInterface {
  name = 'Tenants1764200001000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE gateway.tenants (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        environment_id uuid NOT NULL REFERENCES gateway.environments (id),
        identifier text NOT NULL,
        name text NOT NULL,
        data jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (environment_id, identifier)
      )`);
    await runner.query(
      'CREATE INDEX tenants_environment_created_idx ON gateway.tenants (environment_id, created_at, id)',
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE gateway.tenants');
  }
}
