import type { Tx } from '@herald/persistence';
import { Injectable } from '@nestjs/common';

import type { SubscriberKey } from '../engine/chain/subscriber.repository';
import { sqlRows } from '../platform/sql/sql-rows';

/** Who a topic or broadcast fan-out reaches, read one keyset page at a time (by subscriber id). */
@Injectable()
export class FanoutAudienceRepository {
  /** The topic's subscribers after `after`, except `exclude`, at most `limit`. */
  topicPage(
    tx: Tx,
    environmentId: string,
    topicKey: string,
    after: string,
    exclude: readonly string[],
    limit: number,
  ): Promise<SubscriberKey[]> {
    return sqlRows<SubscriberKey>(
      tx,
      // The topic's id is looked up first, so the page walks the primary key (topic_id, subscriber_id)
      // from the cursor; joined, Postgres sorted every member after the cursor for each page (decision 0049).
      `SELECT ts.subscriber_pk AS pk, ts.subscriber_id AS "subscriberId" FROM trigger.topic_subscribers ts
         WHERE ts.topic_id = (SELECT t.id FROM trigger.topics t WHERE t.environment_id = $1 AND t.key = $2)
           AND ts.environment_id = $1 AND ts.subscriber_id > $3 AND NOT (ts.subscriber_id = ANY($4::text[]))
         ORDER BY ts.subscriber_id LIMIT $5`,
      [environmentId, topicKey, after, exclude, limit],
    );
  }

  /** Every subscriber of the environment after `after`, except `exclude`, at most `limit`. */
  broadcastPage(
    tx: Tx,
    environmentId: string,
    after: string,
    exclude: readonly string[],
    limit: number,
  ): Promise<SubscriberKey[]> {
    return sqlRows<SubscriberKey>(
      tx,
      `SELECT id AS pk, subscriber_id AS "subscriberId" FROM trigger.subscribers
       WHERE environment_id = $1 AND subscriber_id > $2 AND NOT (subscriber_id = ANY($3::text[])) ORDER BY subscriber_id LIMIT $4`,
      [environmentId, after, exclude, limit],
    );
  }
}
