import { DATA_SOURCE } from '@herald/persistence';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface EnvironmentRow {
  id: string;
  organizationId: string;
  name: string;
  identifier: string;
}

/** The organization's live environments, as an API key of that organization may see them. */
@Injectable()
export class EnvironmentsRepository {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  /** Oldest first (Novu lists Development before Production); deleted environments are left out. */
  listOfOrganization(organizationId: string): Promise<EnvironmentRow[]> {
    return this.dataSource.query(
      `SELECT id, organization_id AS "organizationId", name, identifier FROM gateway.environments
        WHERE organization_id = $1 AND deleted_at IS NULL ORDER BY created_at, id`,
      [organizationId],
    );
  }
}
