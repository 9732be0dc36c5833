import { MigrationInterface, QueryRunner } from 'typeorm';

/** Per-organization settings; expand-only (a default, so an older gateway keeps working beside it). */
export class OrganizationSettings1764600000000 implements MigrationInterface {
  name = 'OrganizationSettings1764600000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      'ALTER TABLE gateway.organizations ADD COLUMN IF NOT EXISTS idempotency_enabled boolean NOT NULL DEFAULT true',
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE gateway.organizations DROP COLUMN idempotency_enabled');
  }
}
