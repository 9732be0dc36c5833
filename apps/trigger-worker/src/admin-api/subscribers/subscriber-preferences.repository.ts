import {
  type DeliveryChannel,
  RpcError,
  TRIGGER_WORKER_RPC_ERRORS,
  type WorkerSubscriberPreferences,
} from '@herald/contracts';
import { DATA_SOURCE } from '@herald/persistence';
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';

import { sqlRows } from '../../platform/sql/sql-rows';

/** A subscriber's stored preferences: global and per workflow (the gateway adds workflow details). */
export type SubscriberPreferencesDto = WorkerSubscriberPreferences;

/** Channel switches for one scope: a workflow (the gateway's id), or global when `workflowId` is absent. */
export interface PreferenceChange {
  workflowId?: string;
  enabled?: boolean;
  channels: Partial<Record<DeliveryChannel, boolean>>;
}

/** Reads and writes `trigger.preferences` for `GET|PATCH /v2/subscribers/:id/preferences`. */
@Injectable()
export class SubscriberPreferencesRepository {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  async get(environmentId: string, subscriberId: string): Promise<SubscriberPreferencesDto> {
    const pk = await this.subscriberPk(environmentId, subscriberId);
    const rows = await sqlRows<{
      workflowId: string;
      enabled: boolean;
      channels: Partial<Record<DeliveryChannel, boolean>>;
    }>(
      this.dataSource.manager,
      'SELECT workflow_id AS "workflowId", enabled, channels FROM trigger.preferences WHERE environment_id = $1 AND subscriber_pk = $2 ORDER BY workflow_id',
      [environmentId, pk],
    );
    const global = rows.find((row) => row.workflowId === '');
    return {
      global: { enabled: global?.enabled ?? true, channels: global?.channels ?? {} },
      workflows: rows
        .filter((row) => row.workflowId !== '')
        .map(({ workflowId, enabled, channels }) => ({ workflowId, enabled, channels })),
    };
  }

  /** Merges channel switches into one scope (`workflowId` absent = global). */
  update(environmentId: string, subscriberId: string, change: PreferenceChange): Promise<SubscriberPreferencesDto> {
    return this.updateMany(environmentId, subscriberId, [change]);
  }

  /** Merges channel switches into several scopes in one transaction, so all are stored or none; in order. */
  async updateMany(
    environmentId: string,
    subscriberId: string,
    changes: PreferenceChange[],
  ): Promise<SubscriberPreferencesDto> {
    const pk = await this.subscriberPk(environmentId, subscriberId);
    await this.dataSource.transaction(async (manager) => {
      for (const change of changes)
        await manager.query(
          `INSERT INTO trigger.preferences (environment_id, subscriber_pk, workflow_id, enabled, channels) VALUES ($1, $2, $3, COALESCE($4, true), $5::jsonb)
           ON CONFLICT (subscriber_pk, workflow_id) DO UPDATE SET enabled = COALESCE($4, trigger.preferences.enabled),
             channels = trigger.preferences.channels || EXCLUDED.channels, updated_at = now()`,
          [environmentId, pk, change.workflowId ?? '', change.enabled ?? null, JSON.stringify(change.channels)],
        );
    });
    return this.get(environmentId, subscriberId);
  }

  private async subscriberPk(environmentId: string, subscriberId: string): Promise<string> {
    const [row] = await sqlRows<{ id: string }>(
      this.dataSource.manager,
      'SELECT id FROM trigger.subscribers WHERE environment_id = $1 AND subscriber_id = $2',
      [environmentId, subscriberId],
    );
    if (!row) throw new RpcError(TRIGGER_WORKER_RPC_ERRORS.subscriberNotFound, `subscriber ${subscriberId} not found`);
    return row.id;
  }
}
