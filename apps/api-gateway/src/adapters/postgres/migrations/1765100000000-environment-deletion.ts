import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Environments are deleted softly (`deleted_at`), with their keys revoked in the same transaction;
 * expand-only (a nullable column, so an older gateway keeps working beside it).
 */
export class EnvironmentDeletion1765100000000 implements MigrationInterface {
  name = 'EnvironmentDeletion1765100000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE gateway.environments ADD COLUMN IF NOT EXISTS deleted_at timestamptz');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE gateway.environments DROP COLUMN deleted_at');
  }
}
