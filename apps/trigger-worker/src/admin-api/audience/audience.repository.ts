import type { AudienceSizeRequest, AudienceSizeResponse } from '@herald/contracts';
import { DATA_SOURCE } from '@herald/persistence';
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';

import { sqlRows } from '../../platform/sql/sql-rows';

/**
 * How many subscribers a broadcast or a topic trigger would reach, for the gateway's rate limit.
 * Each query reads at most `cap` index entries (`LIMIT` inside the count), so a huge audience
 * costs a bounded query; the answer says when counting stopped there.
 */
@Injectable()
export class AudienceRepository {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  async size(request: AudienceSizeRequest): Promise<AudienceSizeResponse> {
    const { environmentId, cap } = request;
    let everyone = 0;
    if (request.everyone) {
      const [row] = await sqlRows<{ n: number }>(
        this.dataSource.manager,
        `SELECT count(*)::int AS n
         FROM (SELECT 1 FROM trigger.subscribers WHERE environment_id = $1 LIMIT $2) s`,
        [environmentId, cap],
      );
      everyone = row?.n ?? 0;
    }
    const topics: Record<string, number> = {};
    let members = 0;
    const keys = [...new Set(request.topicKeys)];
    if (keys.length > 0) {
      // One LIMIT over all the named topics' members together: the total read is at most `cap`.
      const rows = await sqlRows<{ key: string; n: number }>(
        this.dataSource.manager,
        `WITH named AS (SELECT id, key FROM trigger.topics WHERE environment_id = $1 AND key = ANY($2::text[])),
              members AS (
                SELECT ts.topic_id FROM trigger.topic_subscribers ts
                WHERE ts.topic_id IN (SELECT id FROM named) LIMIT $3)
         SELECT named.key, count(*)::int AS n FROM members JOIN named ON named.id = members.topic_id
         GROUP BY named.key`,
        [environmentId, keys, cap],
      );
      for (const row of rows) {
        topics[row.key] = row.n;
        members += row.n;
      }
    }
    return { everyone, topics, capped: everyone >= cap || members >= cap };
  }
}
