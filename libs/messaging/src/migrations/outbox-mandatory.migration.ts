import type { MigrationInterface, QueryRunner } from 'typeorm';

import { quoteSchema } from '../sql/schema-identifier';
import { createMessagingTablesMigration } from './messaging-tables.migration';

const TIMESTAMP = 1764400000000;

/**
 * Adds `outbox.mandatory` (expand-only; existing rows stay mandatory). A non-mandatory row is an
 * event for whoever listens (e.g. `inbox.message-created.v1` for gateway replicas): when no queue
 * is bound it is dropped by the broker instead of being retried forever.
 */
export function createOutboxMandatoryMigration(schema: string): new () => MigrationInterface {
  const s = quoteSchema(schema);
  const name = `OutboxMandatory${schema.replace(/(^|_)([a-z])/g, (_m, _sep, c: string) => c.toUpperCase())}${TIMESTAMP}`;

  class OutboxMandatoryMigration implements MigrationInterface {
    readonly name = name;

    async up(runner: QueryRunner): Promise<void> {
      await runner.query(`ALTER TABLE ${s}.outbox ADD COLUMN IF NOT EXISTS mandatory boolean NOT NULL DEFAULT true`);
    }

    async down(runner: QueryRunner): Promise<void> {
      await runner.query(`ALTER TABLE ${s}.outbox DROP COLUMN mandatory`);
    }
  }
  Object.defineProperty(OutboxMandatoryMigration, 'name', { value: name });
  return OutboxMandatoryMigration;
}

/** Every messaging table migration for `schema`, in order: add these to the app's migrations. */
export function messagingMigrations(schema: string): (new () => MigrationInterface)[] {
  return [createMessagingTablesMigration(schema), createOutboxMandatoryMigration(schema)];
}
