import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Workflows and their immutable versions. The workflow row points at its current version; every
 * change inserts a version row, so a queued trigger can name exactly what it was validated against.
 */
export class Workflows1764200000000 implements MigrationInterface {
  name = 'Workflows1764200000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE gateway.workflows (
        id uuid PRIMARY KEY,
        environment_id uuid NOT NULL REFERENCES gateway.environments (id),
        identifier text NOT NULL,
        slug text NOT NULL,
        current_version integer NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz
      )`);
    // Only live workflows hold their identifier: a deleted one frees it for re-creation.
    await runner.query(
      'CREATE UNIQUE INDEX workflows_environment_identifier_live_uq ON gateway.workflows (environment_id, identifier) WHERE deleted_at IS NULL',
    );
    await runner.query(
      'CREATE INDEX workflows_environment_slug_idx ON gateway.workflows (environment_id, slug) WHERE deleted_at IS NULL',
    );
    await runner.query(
      'CREATE INDEX workflows_environment_created_idx ON gateway.workflows (environment_id, created_at) WHERE deleted_at IS NULL',
    );
    await runner.query(`
      CREATE TABLE gateway.workflow_versions (
        workflow_id uuid NOT NULL REFERENCES gateway.workflows (id),
        environment_id uuid NOT NULL REFERENCES gateway.environments (id),
        version integer NOT NULL CHECK (version >= 1),
        definition jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (workflow_id, version)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE gateway.workflow_versions');
    await runner.query('DROP TABLE gateway.workflows');
  }
}
