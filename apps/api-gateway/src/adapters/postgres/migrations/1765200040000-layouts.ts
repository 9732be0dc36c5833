import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Email layouts (Novu's `/v1/layouts`): at most one default per environment; soft-deleted so an
 * identifier can be reused. Expand-only (a new table).
 */
export class Layouts1765200040000 implements MigrationInterface {
  name = 'Layouts1765200040000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE IF NOT EXISTS gateway.layouts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        environment_id uuid NOT NULL REFERENCES gateway.environments (id),
        identifier text NOT NULL,
        name text NOT NULL,
        description text,
        content text NOT NULL,
        variables jsonb NOT NULL DEFAULT '[]',
        is_default boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz
      )`);
    await runner.query(
      'CREATE UNIQUE INDEX IF NOT EXISTS layouts_identifier ON gateway.layouts (environment_id, identifier) WHERE deleted_at IS NULL',
    );
    await runner.query(
      'CREATE UNIQUE INDEX IF NOT EXISTS layouts_one_default ON gateway.layouts (environment_id) WHERE is_default AND deleted_at IS NULL',
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE gateway.layouts');
  }
}
