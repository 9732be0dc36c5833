import {
  API_KEY_REVOKED_V1,
  createContractMessage,
  ENVIRONMENT_DELETED_V1,
  ORGANIZATION_SETTINGS_CHANGED_V1,
} from '@herald/contracts';
import { writeToOutbox } from '@herald/messaging';
import { DATA_SOURCE, inTransaction } from '@herald/persistence';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

import { GATEWAY_SCHEMA } from '../../adapters/postgres/gateway-migrations';
import type { EncryptedCredentials } from '../../core/crypto/credentials-cipher';

/** Seals a new key for the environment it is issued in (decision 0034: the inbox HMAC needs the key). */
export type SealKey = (environmentId: string) => EncryptedCredentials;

/** An organization as the admin routes show it. */
export interface OrganizationRecord {
  id: string;
  name: string;
  /** Whether `Idempotency-Key` is honoured for this organization's environments. */
  idempotencyEnabled: boolean;
  createdAt: Date;
}

/** The organization fields an operator may change. */
export interface OrganizationChanges {
  name?: string;
  idempotencyEnabled?: boolean;
}

/** Every field of `OrganizationChanges`, as `organization.settings-changed.v1` names them. */
const ORGANIZATION_SETTINGS: readonly (keyof OrganizationChanges)[] = ['name', 'idempotencyEnabled'];

/** An environment as the admin routes show it. */
export interface EnvironmentRecord {
  id: string;
  organizationId: string;
  name: string;
  identifier: string;
  createdAt: Date;
}

/** An API key's metadata (never the key: only its hash is stored). */
export interface ApiKeyRecord {
  id: string;
  environmentId: string;
  keyHash: string;
  hint: string;
  createdAt: Date;
  revokedAt: Date | null;
}

/** Raised for a name or identifier that is already taken. */
export class AdminConflictError extends Error {
  constructor(
    readonly field: string,
    readonly value: string,
  ) {
    super(`${field} "${value}" is already taken`);
  }
}

const ORGANIZATION_COLUMNS = `id, name, idempotency_enabled AS "idempotencyEnabled", created_at AS "createdAt"`;
const ENVIRONMENT_COLUMNS = `id, organization_id AS "organizationId", name, identifier, created_at AS "createdAt"`;
const KEY_COLUMNS = `id, environment_id AS "environmentId", key_hash AS "keyHash", key_hint AS hint, created_at AS "createdAt", revoked_at AS "revokedAt"`;

function uniqueViolation(error: unknown): string | undefined {
  const candidate = error as {
    code?: string;
    constraint?: string;
    driverError?: { code?: string; constraint?: string };
  };
  const code = candidate.code ?? candidate.driverError?.code;
  return code === '23505' ? (candidate.constraint ?? candidate.driverError?.constraint ?? '') : undefined;
}

/** Organizations, environments and API keys for the operator routes. */
@Injectable()
export class AdminRepository {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  async createOrganization(name: string, idempotencyEnabled = true): Promise<OrganizationRecord> {
    const [row] = await this.dataSource.query(
      `INSERT INTO gateway.organizations (name, idempotency_enabled) VALUES ($1, $2) RETURNING ${ORGANIZATION_COLUMNS}`,
      [name, idempotencyEnabled],
    );
    return row;
  }

  /** The newest organizations first (the operator console lists them). */
  async listOrganizations(limit: number): Promise<OrganizationRecord[]> {
    return this.dataSource.query(
      `SELECT ${ORGANIZATION_COLUMNS} FROM gateway.organizations ORDER BY created_at DESC, id LIMIT $1`,
      [limit],
    );
  }

  /** The organization's environments that are not deleted, oldest first. */
  async listEnvironments(organizationId: string): Promise<EnvironmentRecord[]> {
    return this.dataSource.query(
      `SELECT ${ENVIRONMENT_COLUMNS} FROM gateway.environments
        WHERE organization_id = $1 AND deleted_at IS NULL ORDER BY created_at, id`,
      [organizationId],
    );
  }

  async findOrganization(organizationId: string): Promise<OrganizationRecord | undefined> {
    const rows: OrganizationRecord[] = await this.dataSource.query(
      `SELECT ${ORGANIZATION_COLUMNS} FROM gateway.organizations WHERE id = $1`,
      [organizationId],
    );
    return rows[0];
  }

  /**
   * Applies the given changes (absent fields stay); undefined when the organization does not exist.
   * A change that changes something gets its `organization.settings-changed.v1` in the outbox of the
   * same transaction, once per environment: every replica drops the organization's cached keys if
   * and only if it committed. Setting a field to its current value writes no event.
   */
  async updateOrganization(
    organizationId: string,
    changes: OrganizationChanges,
  ): Promise<OrganizationRecord | undefined> {
    return inTransaction(this.dataSource, async (manager) => {
      // FOR UPDATE (not the UPDATE's weaker lock) also holds off a concurrent new environment, which
      // would otherwise be missed by the announcement below.
      const [current]: OrganizationRecord[] = await manager.query(
        `SELECT ${ORGANIZATION_COLUMNS} FROM gateway.organizations WHERE id = $1 FOR UPDATE`,
        [organizationId],
      );
      if (!current) return undefined;
      const settings = ORGANIZATION_SETTINGS.filter(
        (field) => changes[field] !== undefined && changes[field] !== current[field],
      );
      if (settings.length === 0) return current;
      const [updated]: (OrganizationRecord & { changedAt: Date })[] = await manager.query(
        `WITH updated AS (
           UPDATE gateway.organizations SET name = COALESCE($2, name), idempotency_enabled = COALESCE($3, idempotency_enabled) WHERE id = $1 RETURNING *)
         SELECT ${ORGANIZATION_COLUMNS}, now() AS "changedAt" FROM updated`,
        [organizationId, changes.name ?? null, changes.idempotencyEnabled ?? null],
      );
      const { changedAt, ...record } = updated;
      await this.announceSettingsChanged(manager, organizationId, settings, changedAt);
      return record;
    });
  }

  /** Undefined when the organization does not exist. */
  /** `inboxHmac`: the environment's default for requiring `subscriberHash` on inbox sessions. */
  async createEnvironment(
    organizationId: string,
    name: string,
    identifier: string,
    inboxHmac = false,
  ): Promise<EnvironmentRecord | undefined> {
    try {
      const rows: EnvironmentRecord[] = await this.dataSource.query(
        `INSERT INTO gateway.environments (organization_id, name, identifier, inbox_hmac)
         SELECT o.id, $2, $3, $4 FROM gateway.organizations o WHERE o.id = $1
         RETURNING id, organization_id AS "organizationId", name, identifier, created_at AS "createdAt"`,
        [organizationId, name, identifier, inboxHmac],
      );
      return rows[0];
    } catch (error) {
      const constraint = uniqueViolation(error);
      if (constraint === undefined) throw error;
      throw constraint.includes('identifier')
        ? new AdminConflictError('identifier', identifier)
        : new AdminConflictError('name', name);
    }
  }

  /** True when the environment exists and is not deleted. */
  async environmentExists(environmentId: string): Promise<boolean> {
    const rows = await this.dataSource.query(
      'SELECT 1 FROM gateway.environments WHERE id = $1 AND deleted_at IS NULL',
      [environmentId],
    );
    return rows.length > 0;
  }

  /**
   * Deletes an environment (softly: `deleted_at`), revokes its live keys and writes
   * `environment.deleted.v1` to the outbox, all in one transaction: every gateway replica then evicts
   * its keys and ends its inbox streams if and only if the deletion committed. Undefined when there
   * is no such environment, or it was already deleted (no second event).
   */
  async deleteEnvironment(
    environmentId: string,
  ): Promise<{ environment: EnvironmentRecord & { deletedAt: Date }; revokedKeyIds: string[] } | undefined> {
    return inTransaction(this.dataSource, async (manager) => {
      const [environment]: (EnvironmentRecord & { deletedAt: Date })[] = await manager.query(
        `WITH deleted AS (
           UPDATE gateway.environments SET deleted_at = now() WHERE id = $1 AND deleted_at IS NULL RETURNING *)
         SELECT id, organization_id AS "organizationId", name, identifier, created_at AS "createdAt",
                deleted_at AS "deletedAt"
           FROM deleted`,
        [environmentId],
      );
      if (!environment) return undefined;
      const keys: { id: string }[] = await manager.query(
        `WITH revoked AS (
           UPDATE gateway.api_keys SET revoked_at = now() WHERE environment_id = $1 AND revoked_at IS NULL RETURNING id)
         SELECT id FROM revoked`,
        [environmentId],
      );
      const message = createContractMessage(ENVIRONMENT_DELETED_V1, {
        environmentId: environment.id,
        organizationId: environment.organizationId,
        deletedAt: environment.deletedAt.toISOString(),
      });
      // Not mandatory: with no gateway replica listening there is no cache or stream to end.
      await writeToOutbox(manager, GATEWAY_SCHEMA, { envelope: message, mandatory: false });
      return { environment, revokedKeyIds: keys.map((key) => key.id) };
    });
  }

  async createApiKey(
    environmentId: string,
    keyHash: string,
    hint: string,
    seal: SealKey,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<ApiKeyRecord> {
    const sealed = seal(environmentId);
    const [row] = await manager.query(
      `INSERT INTO gateway.api_keys (environment_id, key_hash, key_hint, sealed_key_id, sealed_iv, sealed_tag, sealed_ciphertext)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${KEY_COLUMNS}`,
      [environmentId, keyHash, hint, sealed.keyId, sealed.iv, sealed.tag, sealed.ciphertext],
    );
    return row;
  }

  async listApiKeys(environmentId: string): Promise<ApiKeyRecord[]> {
    return this.dataSource.query(
      `SELECT ${KEY_COLUMNS} FROM gateway.api_keys WHERE environment_id = $1 ORDER BY created_at, id`,
      [environmentId],
    );
  }

  async findApiKey(keyId: string): Promise<ApiKeyRecord | undefined> {
    const rows: ApiKeyRecord[] = await this.dataSource.query(
      `SELECT ${KEY_COLUMNS} FROM gateway.api_keys WHERE id = $1`,
      [keyId],
    );
    return rows[0];
  }

  /**
   * Revokes (idempotently) and returns the key; undefined when there is no such key. A key that was
   * live gets its `api-key.revoked.v1` in the outbox of the same transaction: the revocation
   * reaches every replica if and only if it committed.
   */
  async revokeApiKey(keyId: string): Promise<ApiKeyRecord | undefined> {
    return inTransaction(this.dataSource, async (manager) => {
      const [live] = await manager.query(
        'SELECT environment_id FROM gateway.api_keys WHERE id = $1 AND revoked_at IS NULL FOR UPDATE',
        [keyId],
      );
      if (live) return this.revokeLiveKey(manager, keyId, 'revoked');
      const rows: ApiKeyRecord[] = await manager.query(`SELECT ${KEY_COLUMNS} FROM gateway.api_keys WHERE id = $1`, [
        keyId,
      ]);
      return rows[0];
    });
  }

  /** Revokes a live key and issues its replacement in one transaction; undefined when there is no live key with that id. */
  async rotateApiKey(
    keyId: string,
    newKeyHash: string,
    newHint: string,
    seal: SealKey,
  ): Promise<{ revoked: ApiKeyRecord; created: ApiKeyRecord } | undefined> {
    return inTransaction(this.dataSource, async (manager) => {
      const [live] = await manager.query(
        'SELECT environment_id FROM gateway.api_keys WHERE id = $1 AND revoked_at IS NULL FOR UPDATE',
        [keyId],
      );
      if (!live) return undefined;
      const revoked = await this.revokeLiveKey(manager, keyId, 'rotated');
      const created = await this.createApiKey(live.environment_id, newKeyHash, newHint, seal, manager);
      return { revoked, created };
    });
  }

  /** The caller holds the key's row lock and knows it is live. */
  private async revokeLiveKey(
    manager: EntityManager,
    keyId: string,
    reason: 'revoked' | 'rotated',
  ): Promise<ApiKeyRecord> {
    const [revoked]: (ApiKeyRecord & { organizationId: string })[] = await manager.query(
      `WITH revoked AS (UPDATE gateway.api_keys SET revoked_at = now() WHERE id = $1 RETURNING *)
       SELECT r.id, r.environment_id AS "environmentId", r.key_hash AS "keyHash", r.key_hint AS hint, r.created_at AS "createdAt",
              r.revoked_at AS "revokedAt", e.organization_id AS "organizationId"
         FROM revoked r JOIN gateway.environments e ON e.id = r.environment_id`,
      [keyId],
    );
    const message = createContractMessage(API_KEY_REVOKED_V1, {
      environmentId: revoked.environmentId,
      organizationId: revoked.organizationId,
      apiKeyIds: [revoked.id],
      reason,
      revokedAt: (revoked.revokedAt ?? new Date()).toISOString(),
    });
    // Not mandatory: with no gateway replica listening there is no cache to evict.
    await writeToOutbox(manager, GATEWAY_SCHEMA, { envelope: message, mandatory: false });
    const { organizationId: _organizationId, ...record } = revoked;
    return record;
  }

  /**
   * One event per environment of the organization (every message carries its environment; one
   * without environments has no cached keys). Not mandatory, as for revocations.
   */
  private async announceSettingsChanged(
    manager: EntityManager,
    organizationId: string,
    settings: string[],
    changedAt: Date,
  ): Promise<void> {
    const environments: { id: string }[] = await manager.query(
      'SELECT id FROM gateway.environments WHERE organization_id = $1 AND deleted_at IS NULL ORDER BY id',
      [organizationId],
    );
    const messages = environments.map(({ id }) => ({
      envelope: createContractMessage(ORGANIZATION_SETTINGS_CHANGED_V1, {
        environmentId: id,
        organizationId,
        settings,
        changedAt: changedAt.toISOString(),
      }),
      mandatory: false,
    }));
    await writeToOutbox(manager, GATEWAY_SCHEMA, messages);
  }
}
