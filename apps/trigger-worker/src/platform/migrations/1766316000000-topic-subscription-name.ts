import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A topic subscription's own name and its last change (`PATCH /v2/topics/:key/subscriptions/:identifier`,
 * Novu's `name` and `updatedAt`). Nullable and additive: a worker of the previous version ignores them,
 * and a row never renamed reads its `created_at` as `updatedAt`.
 */
export class TopicSubscriptionName1766316000000 implements MigrationInterface {
  name = 'TopicSubscriptionName1766316000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      'ALTER TABLE trigger.topic_subscribers ADD COLUMN IF NOT EXISTS name text, ADD COLUMN IF NOT EXISTS updated_at timestamptz',
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(
      'ALTER TABLE trigger.topic_subscribers DROP COLUMN IF EXISTS name, DROP COLUMN IF EXISTS updated_at',
    );
  }
}
