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
      `SELECT ts.subscriber_pk AS pk, ts.subscriber_id AS "subscriberId"
         FROM trigger.topics t JOIN trigger.topic_subscribers ts ON ts.topic_id = t.id AND ts.environment_id = t.environment_id
         WHERE t.environment_id = $1 AND t.key = $2 AND ts.subscriber_id > $3 AND NOT (ts.subscriber_id = ANY($4::text[]))
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
