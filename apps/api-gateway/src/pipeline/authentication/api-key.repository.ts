import { DATA_SOURCE } from '@herald/persistence';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Who an API key speaks for, and the organization settings its requests run under. */
export interface AuthenticatedEnvironment {
  environmentId: string;
  organizationId: string;
  environmentName: string;
  environmentIdentifier: string;
  /** The key itself (`gateway.api_keys.id`): revocation events name keys by id. */
  apiKeyId: string;
  /** The organization's switch for the `Idempotency-Key` header (on by default). */
  idempotencyEnabled: boolean;
}

@Injectable()
export class ApiKeyRepository {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  /** The environment of an active (not revoked) key, by its hash. */
  async findActiveByHash(keyHash: string): Promise<AuthenticatedEnvironment | undefined> {
    const rows: AuthenticatedEnvironment[] = await this.dataSource.query(
      `SELECT e.id AS "environmentId", e.organization_id AS "organizationId", e.name AS "environmentName", e.identifier AS "environmentIdentifier",
              k.id AS "apiKeyId", o.idempotency_enabled AS "idempotencyEnabled"
         FROM gateway.api_keys k
         JOIN gateway.environments e ON e.id = k.environment_id
         JOIN gateway.organizations o ON o.id = e.organization_id
        WHERE k.key_hash = $1 AND k.revoked_at IS NULL`,
      [keyHash],
    );
    return rows[0];
  }

  /**
   * The environment of the first of `keyHashes` (tried in order) that names an active key. Rows
   * are not re-hashed: a replica still on the previous secret must keep finding them mid-rollout.
   */
  async findActiveByHashes(keyHashes: readonly string[]): Promise<AuthenticatedEnvironment | undefined> {
    for (const keyHash of keyHashes) {
      const environment = await this.findActiveByHash(keyHash);
      if (environment) return environment;
    }
    return undefined;
  }
}
