import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE, inTransaction } from '@herald/persistence';
import { DataSource, EntityManager } from 'typeorm';

/** An organization as the admin routes show it. */
export interface OrganizationRecord {
  id: string;
  name: string;
  createdAt: Date;
}

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

const KEY_COLUMNS = `id, environment_id AS "environmentId", key_hash AS "keyHash", key_hint AS hint, created_at AS "createdAt", revoked_at AS "revokedAt"`;

function uniqueViolation(error: unknown): string | undefined {
  const candidate = error as { code?: string; constraint?: string; driverError?: { code?: string; constraint?: string } };
  const code = candidate.code ?? candidate.driverError?.code;
  return code === '23505' ? (candidate.constraint ?? candidate.driverError?.constraint ?? '') : undefined;
}

/** Organizations, environments and API keys for the operator routes. */
@Injectable()
export class AdminRepository {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  async createOrganization(name: string): Promise<OrganizationRecord> {
    const [row] = await this.dataSource.query('INSERT INTO gateway.organizations (name) VALUES ($1) RETURNING id, name, created_at AS "createdAt"', [name]);
    return row;
  }

  /** Undefined when the organization does not exist. */
  async createEnvironment(organizationId: string, name: string, identifier: string): Promise<EnvironmentRecord | undefined> {
    try {
      const rows: EnvironmentRecord[] = await this.dataSource.query(
        `INSERT INTO gateway.environments (organization_id, name, identifier)
         SELECT o.id, $2, $3 FROM gateway.organizations o WHERE o.id = $1
         RETURNING id, organization_id AS "organizationId", name, identifier, created_at AS "createdAt"`,
        [organizationId, name, identifier],
      );
      return rows[0];
    } catch (error) {
      const constraint = uniqueViolation(error);
      if (constraint === undefined) throw error;
      throw constraint.includes('identifier') ? new AdminConflictError('identifier', identifier) : new AdminConflictError('name', name);
    }
  }

  async environmentExists(environmentId: string): Promise<boolean> {
    const rows = await this.dataSource.query('SELECT 1 FROM gateway.environments WHERE id = $1', [environmentId]);
    return rows.length > 0;
  }

  async createApiKey(environmentId: string, keyHash: string, hint: string, manager: EntityManager = this.dataSource.manager): Promise<ApiKeyRecord> {
    const [row] = await manager.query(`INSERT INTO gateway.api_keys (environment_id, key_hash, key_hint) VALUES ($1, $2, $3) RETURNING ${KEY_COLUMNS}`, [
      environmentId,
      keyHash,
      hint,
    ]);
    return row;
  }

  async listApiKeys(environmentId: string): Promise<ApiKeyRecord[]> {
    return this.dataSource.query(`SELECT ${KEY_COLUMNS} FROM gateway.api_keys WHERE environment_id = $1 ORDER BY created_at, id`, [environmentId]);
  }

  async findApiKey(keyId: string): Promise<ApiKeyRecord | undefined> {
    const rows: ApiKeyRecord[] = await this.dataSource.query(`SELECT ${KEY_COLUMNS} FROM gateway.api_keys WHERE id = $1`, [keyId]);
    return rows[0];
  }

  /** Revokes (idempotently) and returns the key; undefined when there is no such key. */
  async revokeApiKey(keyId: string, manager: EntityManager = this.dataSource.manager): Promise<ApiKeyRecord | undefined> {
    const rows: ApiKeyRecord[] = await manager.query(
      `WITH revoked AS (
         UPDATE gateway.api_keys SET revoked_at = COALESCE(revoked_at, now()) WHERE id = $1 RETURNING *)
       SELECT ${KEY_COLUMNS} FROM revoked`,
      [keyId],
    );
    return rows[0];
  }

  /** Revokes a live key and issues its replacement in one transaction; undefined when there is no live key with that id. */
  async rotateApiKey(keyId: string, newKeyHash: string, newHint: string): Promise<{ revoked: ApiKeyRecord; created: ApiKeyRecord } | undefined> {
    return inTransaction(this.dataSource, async (manager) => {
      const [live] = await manager.query('SELECT environment_id FROM gateway.api_keys WHERE id = $1 AND revoked_at IS NULL FOR UPDATE', [keyId]);
      if (!live) return undefined;
      const revoked = (await this.revokeApiKey(keyId, manager)) as ApiKeyRecord;
      const created = await this.createApiKey(live.environment_id, newKeyHash, newHint, manager);
      return { revoked, created };
    });
  }
}
