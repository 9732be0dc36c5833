import type { SubscriberRef, SubscriberSnapshot } from '@herald/contracts';
import { managerOf, type Tx } from '@herald/persistence';
import { Injectable } from '@nestjs/common';

import { sqlRows } from '../../platform/sql/sql-rows';
import type { SubscriberPreference } from '../../steps/channel/channel-preference';

/** A subscriber's internal id next to the client's subscriberId. */
export interface SubscriberKey {
  pk: string;
  subscriberId: string;
}

const PROFILE_FIELDS = [
  ['email', 'email'],
  ['phone', 'phone'],
  ['firstName', 'first_name'],
  ['lastName', 'last_name'],
  ['avatar', 'avatar'],
  ['locale', 'locale'],
  ['timezone', 'timezone'],
] as const;

// A field present in the ref overwrites (null clears it); an absent field is left unchanged.
const SET_GIVEN_FIELDS = [
  ...PROFILE_FIELDS.map(
    ([key, column]) => `${column} = CASE WHEN i.r ? '${key}' THEN i.r->>'${key}' ELSE s.${column} END`,
  ),
  `data = CASE WHEN i.r ? 'data' THEN i.r->'data' ELSE s.data END`,
].join(', ');

/** The select list yielding a `SubscriberSnapshot` (channels aggregated) from `trigger.subscribers s`. */
const SNAPSHOT_COLUMNS = `s.id, s.subscriber_id AS "subscriberId", s.email, s.phone, s.first_name AS "firstName", s.last_name AS "lastName",
  s.avatar, s.locale, s.timezone, CASE WHEN jsonb_typeof(s.data) = 'object' THEN s.data END AS data,
  COALESCE((SELECT jsonb_agg(jsonb_strip_nulls(jsonb_build_object('providerId', c.provider_id,
      'integrationIdentifier', NULLIF(c.integration_identifier, ''), 'credentials', c.credentials)) ORDER BY c.provider_id, c.integration_identifier)
    FROM trigger.subscriber_channels c WHERE c.environment_id = s.environment_id AND c.subscriber_pk = s.id), '[]'::jsonb) AS channels`;

/** The global and per-workflow preferences of `s` (workflow ids in parameter `workflowIds`, '' for global), as a JSON array. */
const preferencesColumn = (
  workflowIds: string,
) => `COALESCE((SELECT jsonb_agg(jsonb_build_object('workflowId', p.workflow_id, 'enabled', p.enabled, 'channels', p.channels))
    FROM trigger.preferences p WHERE p.environment_id = s.environment_id AND p.subscriber_pk = s.id AND p.workflow_id = ANY(${workflowIds}::text[])), '[]'::jsonb) AS preferences`;

/** What the start decision of a subscriber's jobs reads: snapshots and preferences, by internal id. */
export interface SubscriberContext {
  subscribers: Map<string, SubscriberSnapshot>;
  preferences: Map<string, SubscriberPreference[]>;
}

/** Subscribers, their channel credentials and preferences, read and written set-based. */
@Injectable()
export class SubscriberRepository {
  /**
   * Upserts the subscribers named in a trigger (its `to` objects and the actor) in two set-based
   * statements: new ones are inserted, existing ones get the fields given. Returns every key.
   */
  async upsertRefs(
    tx: Tx,
    environmentId: string,
    organizationId: string,
    refs: readonly SubscriberRef[],
  ): Promise<Map<string, string>> {
    return (await this.upsert(tx, environmentId, organizationId, refs)).keys;
  }

  /**
   * `upsertRefs` that also answers, from the same statement, what the start decision of the
   * subscribers' first jobs reads: their snapshots as written and their preferences for
   * `workflowIds` (decision 0049). Without `context` when a ref carries channel credentials:
   * those are written after the upsert, so the caller reads snapshots itself.
   */
  upsertRefsForStart(
    tx: Tx,
    environmentId: string,
    organizationId: string,
    refs: readonly SubscriberRef[],
    workflowIds: readonly string[],
  ): Promise<{ keys: Map<string, string>; context?: SubscriberContext }> {
    return this.upsert(tx, environmentId, organizationId, refs, workflowIds);
  }

  private async upsert(
    tx: Tx,
    environmentId: string,
    organizationId: string,
    refs: readonly SubscriberRef[],
    workflowIds?: readonly string[],
  ): Promise<{ keys: Map<string, string>; context?: SubscriberContext }> {
    const keys = new Map<string, string>();
    const unique = [...new Map(refs.map((ref) => [ref.subscriberId, ref])).values()].sort((a, b) =>
      a.subscriberId < b.subscriberId ? -1 : 1,
    );
    const withContext = workflowIds !== undefined && unique.every((ref) => !ref.channels?.length);
    const context: SubscriberContext = { subscribers: new Map(), preferences: new Map() };
    // A concurrent insert of the same new subscriber makes ours a no-op; the next round updates it.
    for (let round = 0; round < 3 && keys.size < unique.length; round += 1) {
      const missing = unique.filter((ref) => !keys.has(ref.subscriberId));
      const rows = await sqlRows<SubscriberSnapshot & { preferences?: SubscriberPreference[] }>(
        tx,
        `WITH i AS (SELECT r, r->>'subscriberId' AS sid FROM jsonb_array_elements($3::jsonb) AS r),
         existing AS (SELECT s.* FROM trigger.subscribers s WHERE s.environment_id = $1 AND s.subscriber_id = ANY($4::text[])),
         updated AS (
           UPDATE trigger.subscribers s SET ${SET_GIVEN_FIELDS}, updated_at = now()
           FROM i WHERE s.environment_id = $1 AND s.subscriber_id = ANY($4::text[]) AND s.subscriber_id = i.sid AND (i.r - 'type' - 'subscriberId' - 'channels') <> '{}'::jsonb
           RETURNING s.*
         ),
         inserted AS (
           INSERT INTO trigger.subscribers (environment_id, organization_id, subscriber_id, email, phone, first_name, last_name, avatar, locale, timezone, data)
           SELECT $1, $2, i.sid, ${PROFILE_FIELDS.map(([key]) => `i.r->>'${key}'`).join(', ')}, i.r->'data'
           FROM i WHERE NOT EXISTS (SELECT 1 FROM existing e WHERE e.subscriber_id = i.sid) ORDER BY i.sid
           ON CONFLICT (environment_id, subscriber_id) DO NOTHING
           RETURNING *
         ),
         s AS (
           SELECT * FROM updated
           UNION ALL SELECT * FROM existing WHERE id NOT IN (SELECT id FROM updated)
           UNION ALL SELECT * FROM inserted
         )
         ${withContext ? `SELECT ${SNAPSHOT_COLUMNS}, ${preferencesColumn('$5')} FROM s` : 'SELECT s.id, s.subscriber_id AS "subscriberId" FROM s'}`,
        [
          environmentId,
          organizationId,
          JSON.stringify(missing),
          // Found by their ids (`= ANY`), never by joining the list to the table (decision 0049).
          missing.map((ref) => ref.subscriberId),
          ...(withContext ? [['', ...new Set(workflowIds)]] : []),
        ],
      );
      for (const { preferences, ...row } of rows) {
        keys.set(row.subscriberId, row.id);
        if (!withContext) continue;
        context.subscribers.set(row.id, row);
        if (preferences && preferences.length > 0) context.preferences.set(row.id, preferences);
      }
    }
    if (keys.size < unique.length) throw new Error('subscriber upsert did not settle after 3 rounds');
    await this.upsertChannels(tx, environmentId, unique, keys);
    return withContext ? { keys, context } : { keys };
  }

  private async upsertChannels(
    tx: Tx,
    environmentId: string,
    refs: readonly SubscriberRef[],
    keys: Map<string, string>,
  ): Promise<void> {
    const entries = new Map<
      string,
      { pk: string; providerId: string; integrationIdentifier: string; credentials: unknown }
    >();
    for (const ref of refs) {
      for (const channel of ref.channels ?? []) {
        const entry = {
          pk: keys.get(ref.subscriberId)!,
          providerId: channel.providerId,
          integrationIdentifier: channel.integrationIdentifier ?? '',
          credentials: channel.credentials,
        };
        entries.set(`${entry.pk}|${entry.providerId}|${entry.integrationIdentifier}`, entry);
      }
    }
    if (entries.size === 0) return;
    await managerOf(tx).query(
      `INSERT INTO trigger.subscriber_channels (environment_id, subscriber_pk, provider_id, integration_identifier, credentials)
       SELECT $1, (e->>'pk')::uuid, e->>'providerId', e->>'integrationIdentifier', e->'credentials' FROM jsonb_array_elements($2::jsonb) AS e
       ON CONFLICT (subscriber_pk, provider_id, integration_identifier)
       DO UPDATE SET credentials = trigger.subscriber_channels.credentials || EXCLUDED.credentials, updated_at = now()`,
      [environmentId, JSON.stringify([...entries.values()])],
    );
  }

  /** Snapshots (profile + channel credentials) of the given subscribers, by internal id. */
  async snapshots(tx: Tx, environmentId: string, pks: readonly string[]): Promise<Map<string, SubscriberSnapshot>> {
    if (pks.length === 0) return new Map();
    const rows = await sqlRows<SubscriberSnapshot>(
      tx,
      `SELECT ${SNAPSHOT_COLUMNS} FROM trigger.subscribers s WHERE s.environment_id = $1 AND s.id = ANY($2::uuid[])`,
      [environmentId, [...new Set(pks)]],
    );
    return new Map(rows.map((row) => [row.id, row]));
  }

  /**
   * The subscribers' snapshots and their global and per-workflow preferences, by internal id, in
   * one statement (the start decision of every delivery job needs both).
   */
  async snapshotsWithPreferences(
    tx: Tx,
    environmentId: string,
    pks: readonly string[],
    workflowIds: readonly string[],
  ): Promise<{ subscribers: Map<string, SubscriberSnapshot>; preferences: Map<string, SubscriberPreference[]> }> {
    const subscribers = new Map<string, SubscriberSnapshot>();
    const preferences = new Map<string, SubscriberPreference[]>();
    if (pks.length === 0) return { subscribers, preferences };
    const rows = await sqlRows<SubscriberSnapshot & { preferences: SubscriberPreference[] }>(
      tx,
      `SELECT ${SNAPSHOT_COLUMNS}, ${preferencesColumn('$3')}
       FROM trigger.subscribers s WHERE s.environment_id = $1 AND s.id = ANY($2::uuid[])`,
      [environmentId, [...new Set(pks)], ['', ...new Set(workflowIds)]],
    );
    for (const { preferences: listed, ...snapshot } of rows) {
      subscribers.set(snapshot.id, snapshot);
      if (listed.length > 0) preferences.set(snapshot.id, listed);
    }
    return { subscribers, preferences };
  }
}
