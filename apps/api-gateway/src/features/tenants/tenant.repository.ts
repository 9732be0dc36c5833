import { DATA_SOURCE } from '@herald/persistence';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** A tenant as stored. */
export interface TenantRecord {
  id: string;
  environmentId: string;
  identifier: string;
  name: string;
  data: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
}

/** Raised when another tenant of the environment already has the identifier. */
export class TenantIdentifierTakenError extends Error {
  constructor(readonly identifier: string) {
    super(`Tenant with identifier "${identifier}" already exists`);
  }
}

const COLUMNS = `id, environment_id AS "environmentId", identifier, name, data, created_at AS "createdAt", updated_at AS "updatedAt"`;

function isUniqueViolation(error: unknown): boolean {
  const candidate = error as { code?: string; driverError?: { code?: string } };
  return candidate.code === '23505' || candidate.driverError?.code === '23505';
}

/** Tenants of the gateway schema; every query is scoped to one environment. */
@Injectable()
export class TenantRepository {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  async create(
    environmentId: string,
    tenant: { identifier: string; name: string; data?: Record<string, unknown> },
  ): Promise<TenantRecord> {
    try {
      const [row]: TenantRecord[] = await this.dataSource.query(
        `INSERT INTO gateway.tenants (environment_id, identifier, name, data) VALUES ($1, $2, $3, $4) RETURNING ${COLUMNS}`,
        [environmentId, tenant.identifier, tenant.name, JSON.stringify(tenant.data ?? {})],
      );
      return row;
    } catch (error) {
      if (isUniqueViolation(error)) throw new TenantIdentifierTakenError(tenant.identifier);
      throw error;
    }
  }

  /** The tenant with this identifier in the environment (the trigger route's `no_tenant_found` check). */
  async findByIdentifier(environmentId: string, identifier: string): Promise<TenantRecord | undefined> {
    const rows: TenantRecord[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM gateway.tenants WHERE environment_id = $1 AND identifier = $2`,
      [environmentId, identifier],
    );
    return rows[0];
  }

  /** Oldest first, as Novu lists them; `hasMore` comes from fetching one row past the page. */
  async list(
    environmentId: string,
    page: number,
    limit: number,
  ): Promise<{ tenants: TenantRecord[]; hasMore: boolean; totalCount: number }> {
    const rows: (TenantRecord & { totalCount: string })[] = await this.dataSource.query(
      `SELECT ${COLUMNS}, count(*) OVER () AS "totalCount" FROM gateway.tenants WHERE environment_id = $1
        ORDER BY created_at, id LIMIT $2 OFFSET $3`,
      [environmentId, limit + 1, page * limit],
    );
    const totalCount = rows[0]
      ? Number(rows[0].totalCount)
      : Number(
          (
            await this.dataSource.query('SELECT count(*) AS total FROM gateway.tenants WHERE environment_id = $1', [
              environmentId,
            ])
          )[0].total,
        );
    const tenants = rows.slice(0, limit).map(({ totalCount: _total, ...tenant }) => tenant);
    return { tenants, hasMore: rows.length > limit, totalCount };
  }

  /** Sets the given fields; undefined when there is no such tenant. */
  async update(
    environmentId: string,
    identifier: string,
    changes: { identifier?: string; name?: string; data?: Record<string, unknown> },
  ): Promise<TenantRecord | undefined> {
    try {
      // A CTE so TypeORM returns the rows (it pairs an UPDATE's rows with its count).
      const rows: TenantRecord[] = await this.dataSource.query(
        `WITH updated AS (
           UPDATE gateway.tenants
              SET identifier = COALESCE($3, identifier), name = COALESCE($4, name), data = COALESCE($5::jsonb, data), updated_at = now()
            WHERE environment_id = $1 AND identifier = $2
            RETURNING *)
         SELECT ${COLUMNS} FROM updated`,
        [
          environmentId,
          identifier,
          changes.identifier ?? null,
          changes.name ?? null,
          changes.data === undefined ? null : JSON.stringify(changes.data),
        ],
      );
      return rows[0];
    } catch (error) {
      if (isUniqueViolation(error)) throw new TenantIdentifierTakenError(changes.identifier ?? identifier);
      throw error;
    }
  }

  /** False when there was no such tenant. */
  async delete(environmentId: string, identifier: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      'WITH deleted AS (DELETE FROM gateway.tenants WHERE environment_id = $1 AND identifier = $2 RETURNING id) SELECT id FROM deleted',
      [environmentId, identifier],
    );
    return rows.length > 0;
  }

  /**
   * A trigger's tenant object: updates the name and data of an EXISTING tenant (never creates one)
   * and returns it; undefined when the identifier is unknown (the trigger answers `no_tenant_found`).
   * With neither name nor data it is a plain lookup.
   */
  async upsertFromTrigger(
    environmentId: string,
    tenant: { identifier: string; name?: string; data?: Record<string, unknown> },
  ): Promise<TenantRecord | undefined> {
    if (tenant.name === undefined && tenant.data === undefined)
      return this.findByIdentifier(environmentId, tenant.identifier);
    return this.update(environmentId, tenant.identifier, { name: tenant.name, data: tenant.data });
  }
}
