import { DeliveryChannel } from '@herald/contracts';
import { DATA_SOURCE, inTransaction } from '@herald/persistence';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

import { EncryptedCredentials } from '../../core/crypto/credentials-cipher';

/** An integration as stored: its credentials only ever sealed. */
export interface IntegrationRow {
  id: string;
  environmentId: string;
  providerId: string;
  channel: DeliveryChannel;
  name: string;
  identifier: string;
  sealed: EncryptedCredentials;
  active: boolean;
  primary: boolean;
  priority: number;
  conditions: unknown[];
  /** Why the integration was deactivated by Herald (its provider is not implemented), or null. */
  inactiveReason: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** What a write sets (everything but the timestamps and Herald's deactivation reason). */
export type IntegrationWrite = Omit<IntegrationRow, 'createdAt' | 'updatedAt' | 'inactiveReason'>;

/** Raised when a live integration of the environment already has the identifier. */
export class IntegrationIdentifierTakenError extends Error {
  constructor(readonly identifier: string) {
    super(`An integration with identifier "${identifier}" already exists`);
  }
}

const COLUMNS = `id, environment_id, provider_id, channel, name, identifier, credentials_key_id, credentials_iv, credentials_tag,
  credentials_ciphertext, active, is_primary, priority, conditions, inactive_reason, created_at, updated_at`;

interface Row {
  id: string;
  environment_id: string;
  provider_id: string;
  channel: DeliveryChannel;
  name: string;
  identifier: string;
  credentials_key_id: string;
  credentials_iv: Buffer;
  credentials_tag: Buffer;
  credentials_ciphertext: Buffer;
  active: boolean;
  is_primary: boolean;
  priority: number;
  conditions: unknown[];
  inactive_reason: string | null;
  created_at: Date;
  updated_at: Date;
}

function toIntegration(row: Row): IntegrationRow {
  return {
    id: row.id,
    environmentId: row.environment_id,
    providerId: row.provider_id,
    channel: row.channel,
    name: row.name,
    identifier: row.identifier,
    sealed: {
      keyId: row.credentials_key_id,
      iv: row.credentials_iv,
      tag: row.credentials_tag,
      ciphertext: row.credentials_ciphertext,
    },
    active: row.active,
    primary: row.is_primary,
    priority: row.priority,
    conditions: row.conditions,
    inactiveReason: row.inactive_reason,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function isUniqueViolation(error: unknown): boolean {
  const candidate = error as { code?: string; driverError?: { code?: string } };
  return candidate.code === '23505' || candidate.driverError?.code === '23505';
}

/** The runner's order: the primary first, then by descending priority, then oldest first. */
const RUNNER_ORDER = 'is_primary DESC, priority DESC, created_at, id';

/**
 * Integrations of the gateway schema; every query is scoped to one environment. Writes that can
 * move the primary flag serialize per (environment, channel) on an advisory lock, and a partial
 * unique index makes a second primary impossible regardless.
 */
@Injectable()
export class IntegrationRepository {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  /** Inserts; when `primary` is set (or no active primary exists yet and this one is active) it becomes the primary. */
  async insert(integration: IntegrationWrite, requestedPrimary: boolean | undefined): Promise<IntegrationRow> {
    return this.uniqueIdentifier(integration.identifier, () =>
      inTransaction(this.dataSource, async (manager) => {
        await this.lockChannel(manager, integration.environmentId, integration.channel);
        let primary = integration.active && requestedPrimary === true;
        if (integration.active && requestedPrimary === undefined) {
          const [existing] = await manager.query(
            'SELECT 1 FROM gateway.integrations WHERE environment_id = $1 AND channel = $2 AND is_primary AND deleted_at IS NULL',
            [integration.environmentId, integration.channel],
          );
          primary = !existing;
        }
        if (primary) await this.clearPrimary(manager, integration.environmentId, integration.channel);
        const [row]: Row[] = await manager.query(
          `INSERT INTO gateway.integrations (id, environment_id, provider_id, channel, name, identifier, credentials_key_id, credentials_iv,
             credentials_tag, credentials_ciphertext, active, is_primary, priority, conditions)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING ${COLUMNS}`,
          [...this.values({ ...integration, primary }), JSON.stringify(integration.conditions)],
        );
        return toIntegration(row);
      }),
    );
  }

  async find(environmentId: string, id: string): Promise<IntegrationRow | undefined> {
    if (!isUuid(id)) return undefined;
    const rows: Row[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM gateway.integrations WHERE environment_id = $1 AND id = $2 AND deleted_at IS NULL`,
      [environmentId, id],
    );
    return rows[0] ? toIntegration(rows[0]) : undefined;
  }

  /** Live integrations, optionally active only, in the runner's order per channel. */
  async list(
    environmentId: string,
    options: { activeOnly?: boolean; channel?: DeliveryChannel } = {},
  ): Promise<IntegrationRow[]> {
    const rows: Row[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM gateway.integrations
        WHERE environment_id = $1 AND deleted_at IS NULL AND ($2::boolean IS NOT TRUE OR active) AND ($3::text IS NULL OR channel = $3)
        ORDER BY channel, ${RUNNER_ORDER}`,
      [environmentId, options.activeOnly ?? false, options.channel ?? null],
    );
    return rows.map(toIntegration);
  }

  /**
   * Applies `change` under the channel lock and a row lock. Becoming primary demotes the previous
   * primary; an inactive integration is never primary. Undefined when there is no such integration.
   */
  async update(
    environmentId: string,
    id: string,
    change: (current: IntegrationRow) => IntegrationWrite,
  ): Promise<IntegrationRow | undefined> {
    if (!isUuid(id)) return undefined;
    let identifier = '';
    return this.uniqueIdentifier(
      () => identifier,
      () =>
        inTransaction(this.dataSource, async (manager) => {
          const [located] = await manager.query(
            'SELECT channel FROM gateway.integrations WHERE environment_id = $1 AND id = $2 AND deleted_at IS NULL',
            [environmentId, id],
          );
          if (!located) return undefined;
          await this.lockChannel(manager, environmentId, located.channel);
          const [row]: Row[] = await manager.query(
            `SELECT ${COLUMNS} FROM gateway.integrations WHERE environment_id = $1 AND id = $2 AND deleted_at IS NULL FOR UPDATE`,
            [environmentId, id],
          );
          if (!row) return undefined;
          const next = change(toIntegration(row));
          identifier = next.identifier;
          const primary = next.primary && next.active;
          if (primary && !row.is_primary) await this.clearPrimary(manager, environmentId, row.channel);
          const [updated]: Row[] = await manager.query(
            `WITH updated AS (
               UPDATE gateway.integrations SET provider_id = $3, channel = $4, name = $5, identifier = $6, credentials_key_id = $7,
                      credentials_iv = $8, credentials_tag = $9, credentials_ciphertext = $10, active = $11, is_primary = $12, priority = $13,
                      conditions = $14, inactive_reason = CASE WHEN $11 THEN NULL ELSE inactive_reason END, updated_at = now()
                WHERE environment_id = $2 AND id = $1
                RETURNING *)
             SELECT ${COLUMNS} FROM updated`,
            [...this.values({ ...next, id, environmentId, primary }), JSON.stringify(next.conditions)],
          );
          return toIntegration(updated);
        }),
    );
  }

  /** Soft-deletes (and so un-primaries). False when there was nothing to delete. */
  async softDelete(environmentId: string, id: string): Promise<boolean> {
    if (!isUuid(id)) return false;
    const rows: unknown[] = await this.dataSource.query(
      `WITH deleted AS (
         UPDATE gateway.integrations SET deleted_at = now(), updated_at = now(), is_primary = false, active = false
          WHERE environment_id = $1 AND id = $2 AND deleted_at IS NULL RETURNING id)
       SELECT id FROM deleted`,
      [environmentId, id],
    );
    return rows.length > 0;
  }

  private values(integration: IntegrationWrite): unknown[] {
    const { sealed } = integration;
    return [
      integration.id,
      integration.environmentId,
      integration.providerId,
      integration.channel,
      integration.name,
      integration.identifier,
      sealed.keyId,
      sealed.iv,
      sealed.tag,
      sealed.ciphertext,
      integration.active,
      integration.primary,
      integration.priority,
    ];
  }

  private async lockChannel(manager: EntityManager, environmentId: string, channel: string): Promise<void> {
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
      `herald:integrations:${environmentId}:${channel}`,
    ]);
  }

  private async clearPrimary(manager: EntityManager, environmentId: string, channel: string): Promise<void> {
    await manager.query(
      'UPDATE gateway.integrations SET is_primary = false, updated_at = now() WHERE environment_id = $1 AND channel = $2 AND is_primary AND deleted_at IS NULL',
      [environmentId, channel],
    );
  }

  private async uniqueIdentifier<T>(identifier: string | (() => string), work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (isUniqueViolation(error))
        throw new IntegrationIdentifierTakenError(typeof identifier === 'string' ? identifier : identifier());
      throw error;
    }
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function isUuid(value: string): boolean {
  return UUID.test(value);
}
