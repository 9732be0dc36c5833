import { DATA_SOURCE } from '@herald/persistence';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface LayoutRecord {
  id: string;
  environmentId: string;
  identifier: string;
  name: string;
  description: string | null;
  content: string;
  variables: unknown[];
  isDefault: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface LayoutFields {
  identifier: string;
  name: string;
  description?: string;
  content: string;
  variables?: unknown[];
}

const COLUMNS = `id, environment_id AS "environmentId", identifier, name, description, content, variables,
  is_default AS "isDefault", created_at AS "createdAt", updated_at AS "updatedAt"`;
/** A layout named by its id or its identifier (Novu's `:layoutId` takes the id; the identifier is handier). */
const BY_REF = `environment_id = $1 AND deleted_at IS NULL AND (identifier = $2 OR id::text = $2)`;

export class LayoutIdentifierTakenError extends Error {}

/** The environment's email layouts (`gateway.layouts`); every query filters on the environment. */
@Injectable()
export class LayoutRepository {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  /** Creates a layout; with `isDefault` it takes the default from the previous one in the same transaction. */
  async create(environmentId: string, fields: LayoutFields, isDefault: boolean): Promise<LayoutRecord> {
    return this.dataSource.transaction(async (manager) => {
      if (isDefault)
        await manager.query(
          'UPDATE gateway.layouts SET is_default = false, updated_at = now() WHERE environment_id = $1 AND is_default AND deleted_at IS NULL',
          [environmentId],
        );
      try {
        const rows: LayoutRecord[] = await manager.query(
          `INSERT INTO gateway.layouts (environment_id, identifier, name, description, content, variables, is_default)
           VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7) RETURNING ${COLUMNS}`,
          [
            environmentId,
            fields.identifier,
            fields.name,
            fields.description ?? null,
            fields.content,
            JSON.stringify(fields.variables ?? []),
            isDefault,
          ],
        );
        return rows[0];
      } catch (error) {
        if ((error as { code?: string }).code === '23505') throw new LayoutIdentifierTakenError(fields.identifier);
        throw error;
      }
    });
  }

  async find(environmentId: string, ref: string): Promise<LayoutRecord | undefined> {
    const rows: LayoutRecord[] = await this.dataSource.query(`SELECT ${COLUMNS} FROM gateway.layouts WHERE ${BY_REF}`, [
      environmentId,
      ref,
    ]);
    return rows[0];
  }

  async list(
    environmentId: string,
    page: {
      offset: number;
      limit: number;
      sortBy: 'createdAt' | 'updatedAt' | 'name';
      direction: 'ASC' | 'DESC';
      /** Part of the name or identifier, case-insensitive. */
      query?: string;
    },
  ): Promise<{ records: LayoutRecord[]; totalCount: number }> {
    const column = { createdAt: 'created_at', updatedAt: 'updated_at', name: 'name' }[page.sortBy];
    const order = `${column} ${page.direction}, id ${page.direction}`;
    const where = `environment_id = $1 AND deleted_at IS NULL
      AND ($2::text IS NULL OR strpos(lower(name), lower($2)) > 0 OR strpos(lower(identifier), lower($2)) > 0)`;
    const records: LayoutRecord[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM gateway.layouts WHERE ${where} ORDER BY ${order} LIMIT $3 OFFSET $4`,
      [environmentId, page.query ?? null, page.limit, page.offset],
    );
    const [{ total }] = (await this.dataSource.query(
      `SELECT count(*)::int AS total FROM gateway.layouts WHERE ${where}`,
      [environmentId, page.query ?? null],
    )) as { total: number }[];
    return { records, totalCount: total };
  }

  async update(environmentId: string, ref: string, patch: Partial<LayoutFields>): Promise<LayoutRecord | undefined> {
    try {
      const [rows]: [LayoutRecord[], number] = await this.dataSource.query(
        `UPDATE gateway.layouts SET identifier = COALESCE($3, identifier), name = COALESCE($4, name),
           description = COALESCE($5, description), content = COALESCE($6, content),
           variables = COALESCE($7::jsonb, variables), updated_at = now()
         WHERE ${BY_REF} RETURNING ${COLUMNS}`,
        [
          environmentId,
          ref,
          patch.identifier ?? null,
          patch.name ?? null,
          patch.description ?? null,
          patch.content ?? null,
          patch.variables ? JSON.stringify(patch.variables) : null,
        ],
      );
      return rows[0];
    } catch (error) {
      if ((error as { code?: string }).code === '23505') throw new LayoutIdentifierTakenError(patch.identifier ?? ref);
      throw error;
    }
  }

  /** Makes the layout the environment's default (the previous default stops being one); false when not found. */
  async setDefault(environmentId: string, ref: string): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const target: { id: string }[] = await manager.query(
        `SELECT id FROM gateway.layouts WHERE ${BY_REF} FOR UPDATE`,
        [environmentId, ref],
      );
      if (!target[0]) return false;
      await manager.query(
        'UPDATE gateway.layouts SET is_default = false, updated_at = now() WHERE environment_id = $1 AND is_default AND deleted_at IS NULL AND id <> $2',
        [environmentId, target[0].id],
      );
      await manager.query('UPDATE gateway.layouts SET is_default = true, updated_at = now() WHERE id = $1', [
        target[0].id,
      ]);
      return true;
    });
  }

  async softDelete(environmentId: string, ref: string): Promise<boolean> {
    const [, count]: [unknown, number] = await this.dataSource.query(
      `UPDATE gateway.layouts SET deleted_at = now(), is_default = false WHERE ${BY_REF}`,
      [environmentId, ref],
    );
    return count > 0;
  }

  /**
   * The live workflows (identifier and current name) with an email step that uses the layout as a
   * trigger resolves it (`LayoutSnapshots`): a step naming it by identifier or id, and — while it is
   * the default — a step naming no layout (`layoutId` absent or empty; `null` asks for none).
   */
  async usage(environmentId: string, layout: LayoutRecord): Promise<{ workflowId: string; name: string }[]> {
    return this.dataSource.query(
      `SELECT w.identifier AS "workflowId", v.definition->>'name' AS name
         FROM gateway.workflows w
         JOIN gateway.workflow_versions v ON v.workflow_id = w.id AND v.version = w.current_version
        WHERE w.environment_id = $1 AND w.deleted_at IS NULL
          AND EXISTS (
            SELECT 1 FROM jsonb_array_elements(v.definition->'steps') AS step
             WHERE step->>'type' = 'email'
               AND (step->'controlValues'->>'layoutId' IN ($2, $3)
                 OR ($4 AND (COALESCE(jsonb_typeof(step->'controlValues'->'layoutId'), 'absent') NOT IN ('null', 'string')
                             OR step->'controlValues'->>'layoutId' = ''))))
        ORDER BY v.definition->>'name', w.identifier`,
      [environmentId, layout.identifier, layout.id, layout.isDefault],
    );
  }

  /** The layouts an email step may use at trigger time: those named, and the default. */
  async forTrigger(environmentId: string, refs: readonly string[]): Promise<LayoutRecord[]> {
    return this.dataSource.query(
      `SELECT ${COLUMNS} FROM gateway.layouts WHERE environment_id = $1 AND deleted_at IS NULL
         AND (is_default OR identifier = ANY($2::text[]) OR id::text = ANY($2::text[]))`,
      [environmentId, refs],
    );
  }
}
