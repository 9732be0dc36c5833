import type { DataSource } from 'typeorm';

import type { TestTenant } from './trigger.fixtures';

/** Creates bare subscribers (set-based) and returns nothing; existing ones are kept. */
export async function seedSubscribers(
  db: DataSource,
  tenant: TestTenant,
  subscriberIds: readonly string[],
): Promise<void> {
  await db.query(
    `INSERT INTO trigger.subscribers (environment_id, organization_id, subscriber_id) SELECT $1, $2, unnest($3::text[]) ON CONFLICT DO NOTHING`,
    [tenant.environmentId, tenant.organizationId, subscriberIds],
  );
}

/** Creates a topic with the given subscribers (creating them too). */
export async function seedTopic(
  db: DataSource,
  tenant: TestTenant,
  key: string,
  subscriberIds: readonly string[],
): Promise<void> {
  await seedSubscribers(db, tenant, subscriberIds);
  await db.query(`INSERT INTO trigger.topics (environment_id, key, name) VALUES ($1, $2, $2) ON CONFLICT DO NOTHING`, [
    tenant.environmentId,
    key,
  ]);
  await db.query(
    `INSERT INTO trigger.topic_subscribers (environment_id, topic_id, subscriber_id, subscriber_pk)
     SELECT $1, t.id, s.subscriber_id, s.id FROM trigger.topics t JOIN trigger.subscribers s ON s.environment_id = t.environment_id
     WHERE t.environment_id = $1 AND t.key = $2 AND s.subscriber_id = ANY($3::text[]) ON CONFLICT DO NOTHING`,
    [tenant.environmentId, key, subscriberIds],
  );
}

/** Sets a subscriber preference (workflowId '' = global). */
export async function seedPreference(
  db: DataSource,
  tenant: TestTenant,
  subscriberId: string,
  workflowId: string,
  channels: Record<string, boolean>,
  enabled = true,
): Promise<void> {
  await seedSubscribers(db, tenant, [subscriberId]);
  await db.query(
    `INSERT INTO trigger.preferences (environment_id, subscriber_pk, workflow_id, enabled, channels)
     SELECT $1, id, $3, $4, $5::jsonb FROM trigger.subscribers WHERE environment_id = $1 AND subscriber_id = $2
     ON CONFLICT (subscriber_pk, workflow_id) DO UPDATE SET enabled = EXCLUDED.enabled, channels = EXCLUDED.channels`,
    [tenant.environmentId, subscriberId, workflowId, enabled, JSON.stringify(channels)],
  );
}

/** Counts rows of a trigger-schema table for one environment. */
export async function countRows(
  db: DataSource,
  table: string,
  environmentId: string,
  where = 'TRUE',
  params: unknown[] = [],
): Promise<number> {
  const [{ count }] = await db.query(
    `SELECT count(*)::int AS count FROM trigger.${table} WHERE environment_id = $1 AND ${where}`,
    [environmentId, ...params],
  );
  return count;
}
