import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A subscriber's online flag (`PATCH /v1/subscribers/:id/online-status`, Novu's `isOnline` and
 * `lastOnlineAt`). Both nullable and additive: a worker of the previous version ignores them.
 */
export class SubscriberOnlineStatus1766200000000 implements MigrationInterface {
  name = 'SubscriberOnlineStatus1766200000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      'ALTER TABLE trigger.subscribers ADD COLUMN IF NOT EXISTS is_online boolean, ADD COLUMN IF NOT EXISTS last_online_at timestamptz',
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(
      'ALTER TABLE trigger.subscribers DROP COLUMN IF EXISTS is_online, DROP COLUMN IF EXISTS last_online_at',
    );
  }
}
