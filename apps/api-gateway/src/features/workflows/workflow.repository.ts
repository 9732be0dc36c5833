import { randomUUID } from 'node:crypto';

import { DATA_SOURCE, inTransaction } from '@herald/persistence';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

import { nextVersion, toSnapshot, WorkflowDefinition, WorkflowRecord } from './workflow-definition';
import type { ListWorkflowsQuery } from './workflow-request.schema';
import { workflowSlug } from './workflow-slug';
import { WorkflowForTrigger, WorkflowTriggerCache } from './workflow-trigger.cache';

/** Raised when a live workflow of the environment already has the identifier. */
export class WorkflowIdentifierTakenError extends Error {
  constructor(readonly identifier: string) {
    super(`A workflow with workflowId "${identifier}" already exists`);
  }
}

interface WorkflowRow {
  id: string;
  environment_id: string;
  identifier: string;
  slug: string;
  current_version: number;
  created_at: Date;
  updated_at: Date;
  definition: WorkflowDefinition;
}

const SELECT_CURRENT = `
  SELECT w.id, w.environment_id, w.identifier, w.slug, w.current_version, w.created_at, w.updated_at, v.definition
    FROM gateway.workflows w
    JOIN gateway.workflow_versions v ON v.workflow_id = w.id AND v.version = w.current_version`;

/** A workflow as the inbox shows it beside a notification (`workflow {id, identifier, name, critical, tags, severity}`). */
export interface WorkflowSummary {
  id: string;
  identifier: string;
  name: string;
  tags: string[];
  critical: boolean;
  severity: WorkflowDefinition['severity'];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `:workflowId` in a route may be the identifier, the slug or Herald's id, as in Novu. */
const MATCH_REF = `w.environment_id = $1 AND w.deleted_at IS NULL AND (w.identifier = $2 OR w.slug = $2 OR w.id = $3::uuid)`;

function toRecord(row: WorkflowRow): WorkflowRecord {
  return {
    id: row.id,
    environmentId: row.environment_id,
    identifier: row.identifier,
    slug: row.slug,
    version: row.current_version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    definition: row.definition,
  };
}

function isUniqueViolation(error: unknown): boolean {
  const candidate = error as { code?: string; driverError?: { code?: string } };
  return candidate.code === '23505' || candidate.driverError?.code === '23505';
}

const ORDER_COLUMNS: Record<ListWorkflowsQuery['orderBy'], string> = {
  createdAt: 'w.created_at',
  updatedAt: 'w.updated_at',
  name: "v.definition->>'name'",
};

/** Workflows and their versions in the gateway schema; every query is scoped to one environment. */
@Injectable()
export class WorkflowRepository {
  private readonly triggerCache = new WorkflowTriggerCache();

  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  /** Inserts a workflow at version 1. */
  async create(
    environmentId: string,
    identifier: string,
    definition: WorkflowDefinition,
    id = randomUUID(),
  ): Promise<WorkflowRecord> {
    try {
      const record = await inTransaction(this.dataSource, async (manager) => {
        await manager.query(
          'INSERT INTO gateway.workflows (id, environment_id, identifier, slug, current_version) VALUES ($1, $2, $3, $4, 1)',
          [id, environmentId, identifier, workflowSlug(definition.name, id)],
        );
        await manager.query(
          'INSERT INTO gateway.workflow_versions (workflow_id, environment_id, version, definition) VALUES ($1, $2, 1, $3)',
          [id, environmentId, JSON.stringify(definition)],
        );
        return this.findOne(manager, environmentId, id);
      });
      return record as WorkflowRecord;
    } catch (error) {
      if (isUniqueViolation(error)) throw new WorkflowIdentifierTakenError(identifier);
      throw error;
    } finally {
      this.triggerCache.invalidate(environmentId, identifier);
    }
  }

  /** The live workflow by identifier, slug or id. */
  async find(environmentId: string, ref: string): Promise<WorkflowRecord | undefined> {
    return this.findOne(this.dataSource.manager, environmentId, ref);
  }

  private async findOne(
    manager: EntityManager,
    environmentId: string,
    ref: string,
    lock = false,
  ): Promise<WorkflowRecord | undefined> {
    const rows: WorkflowRow[] = await manager.query(
      `${SELECT_CURRENT} WHERE ${MATCH_REF} ORDER BY (w.identifier = $2) DESC LIMIT 1${lock ? ' FOR UPDATE OF w' : ''}`,
      [environmentId, ref, UUID.test(ref) ? ref : null],
    );
    return rows[0] ? toRecord(rows[0]) : undefined;
  }

  /**
   * Applies `change` to the current definition under a row lock and stores the result as the next
   * version, unless nothing changed. Undefined when the workflow does not exist.
   */
  async update(
    environmentId: string,
    ref: string,
    change: (current: WorkflowRecord) => WorkflowDefinition,
  ): Promise<WorkflowRecord | undefined> {
    const result = await inTransaction(this.dataSource, async (manager) => {
      const current = await this.findOne(manager, environmentId, ref, true);
      if (!current) return undefined;
      const definition = change(current);
      const version = nextVersion(current.version, current.definition, definition);
      if (version === current.version) return current;
      await manager.query(
        'INSERT INTO gateway.workflow_versions (workflow_id, environment_id, version, definition) VALUES ($1, $2, $3, $4)',
        [current.id, environmentId, version, JSON.stringify(definition)],
      );
      await manager.query(
        'UPDATE gateway.workflows SET current_version = $3, slug = $4, updated_at = now() WHERE id = $1 AND environment_id = $2',
        [current.id, environmentId, version, workflowSlug(definition.name, current.id)],
      );
      return this.findOne(manager, environmentId, current.id);
    });
    if (result) this.triggerCache.invalidate(environmentId, result.identifier);
    return result;
  }

  /** Soft-deletes; the identifier becomes free. False when there was nothing to delete. */
  async softDelete(environmentId: string, ref: string): Promise<boolean> {
    const rows: { identifier: string }[] = await this.dataSource.query(
      // Wrapped in a CTE so TypeORM hands back plain rows (it pairs an UPDATE's rows with its count).
      `WITH deleted AS (
         UPDATE gateway.workflows SET deleted_at = now(), updated_at = now()
          WHERE id = (SELECT w.id FROM gateway.workflows w WHERE ${MATCH_REF} ORDER BY (w.identifier = $2) DESC LIMIT 1)
          RETURNING identifier)
       SELECT identifier FROM deleted`,
      [environmentId, ref, UUID.test(ref) ? ref : null],
    );
    for (const row of rows) this.triggerCache.invalidate(environmentId, row.identifier);
    return rows.length > 0;
  }

  /** One page of live workflows plus the total matching count. */
  async list(
    environmentId: string,
    query: ListWorkflowsQuery,
  ): Promise<{ records: WorkflowRecord[]; totalCount: number }> {
    const params: unknown[] = [environmentId];
    const filters = ['w.environment_id = $1', 'w.deleted_at IS NULL'];
    if (query.query) {
      params.push(`%${query.query.replace(/[\\%_]/g, (char) => `\\${char}`)}%`);
      filters.push(`(v.definition->>'name' ILIKE $${params.length} OR w.identifier ILIKE $${params.length})`);
    }
    if (query.tags?.length) {
      params.push(query.tags);
      filters.push(`v.definition->'tags' ?| $${params.length}::text[]`);
    }
    if (query.status?.length) {
      const actives = query.status.filter((status) => status !== 'ERROR').map((status) => status === 'ACTIVE');
      params.push(actives);
      filters.push(`(v.definition->>'active')::boolean = ANY($${params.length}::boolean[])`);
    }
    params.push(query.limit, query.offset);
    const rows: (WorkflowRow & { total_count: string })[] = await this.dataSource.query(
      `${SELECT_CURRENT.replace('SELECT ', 'SELECT count(*) OVER () AS total_count, ')}
        WHERE ${filters.join(' AND ')}
        ORDER BY ${ORDER_COLUMNS[query.orderBy]} ${query.orderDirection}, w.id
        LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
    const totalCount = rows[0] ? Number(rows[0].total_count) : await this.count(filters, params.slice(0, -2));
    return { records: rows.map(toRecord), totalCount };
  }

  /** Only needed for an offset past the end, where the window count has no row to ride on. */
  private async count(filters: string[], params: unknown[]): Promise<number> {
    const [row] = await this.dataSource.query(
      `SELECT count(*) AS total FROM gateway.workflows w
         JOIN gateway.workflow_versions v ON v.workflow_id = w.id AND v.version = w.current_version
        WHERE ${filters.join(' AND ')}`,
      params,
    );
    return Number(row.total);
  }

  /**
   * What the inbox shows of each workflow of the environment, deleted ones included (their
   * notifications stay in inboxes): id, identifier and the current version's name, tags, severity
   * and criticality.
   */
  async summaries(environmentId: string): Promise<WorkflowSummary[]> {
    const rows: WorkflowSummary[] = await this.dataSource.query(
      `SELECT w.id, w.identifier, v.definition->>'name' AS name,
              COALESCE(v.definition->'tags', '[]'::jsonb) AS tags,
              COALESCE((v.definition->>'critical')::boolean, false) AS critical,
              COALESCE(v.definition->>'severity', 'none') AS severity
         FROM gateway.workflows w
         JOIN gateway.workflow_versions v ON v.workflow_id = w.id AND v.version = w.current_version
        WHERE w.environment_id = $1`,
      [environmentId],
    );
    return rows;
  }

  /**
   * The distinct tags of the environment's live workflows (their current versions), sorted: Novu's
   * `GET /v2/environments/:environmentId/tags`. Empty and blank tags are left out, as Novu does.
   */
  async tags(environmentId: string): Promise<string[]> {
    const rows: { tag: string }[] = await this.dataSource.query(
      `SELECT DISTINCT tag.value AS tag
         FROM gateway.workflows w
         JOIN gateway.workflow_versions v ON v.workflow_id = w.id AND v.version = w.current_version
         CROSS JOIN LATERAL jsonb_array_elements_text(
           CASE WHEN jsonb_typeof(v.definition->'tags') = 'array' THEN v.definition->'tags' ELSE '[]'::jsonb END
         ) AS tag(value)
        WHERE w.environment_id = $1 AND w.deleted_at IS NULL AND btrim(tag.value) <> ''
        ORDER BY tag.value`,
      [environmentId],
    );
    return rows.map((row) => row.tag);
  }

  /**
   * What `POST /v1/events/trigger` needs: the current version as a snapshot, by the trigger's
   * `name` (the workflow identifier). One indexed query, cached for a few seconds per process.
   */
  async findForTrigger(environmentId: string, workflowIdentifier: string): Promise<WorkflowForTrigger | undefined> {
    return (
      (await this.triggerCache.get(environmentId, workflowIdentifier, () =>
        this.readForTrigger(environmentId, workflowIdentifier),
      )) ?? undefined
    );
  }

  private async readForTrigger(environmentId: string, workflowIdentifier: string): Promise<WorkflowForTrigger | null> {
    const rows: WorkflowRow[] = await this.dataSource.query(
      `${SELECT_CURRENT} WHERE w.environment_id = $1 AND w.identifier = $2 AND w.deleted_at IS NULL`,
      [environmentId, workflowIdentifier],
    );
    return rows[0]
      ? {
          snapshot: toSnapshot(toRecord(rows[0])),
          validatePayload: rows[0].definition.validatePayload,
          ...(rows[0].definition.payloadSchema ? { payloadSchema: rows[0].definition.payloadSchema } : {}),
        }
      : null;
  }
}
