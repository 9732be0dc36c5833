import type { WorkerSubscription, WorkerTopic } from '@herald/contracts';

/** A topic in Novu's v2 shape: `workerTopicSchema`. */
export type TopicDto = WorkerTopic;

/** A topic row as `TOPIC_COLUMNS` yields it. */
export interface TopicRow {
  id: string;
  key: string;
  name: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** Select list of a `TopicRow` from `trigger.topics t`. */
export const TOPIC_COLUMNS = 't.id, t.key, t.name, t.created_at AS "createdAt", t.updated_at AS "updatedAt"';

export function toTopicDto(row: TopicRow): TopicDto {
  return {
    _id: row.id,
    key: row.key,
    name: row.name,
    createdAt: new Date(row.createdAt).toISOString(),
    updatedAt: new Date(row.updatedAt).toISOString(),
  };
}

/** One subscription (topic membership) in Novu's v2 shape: `workerSubscriptionSchema`. */
export type SubscriptionDto = WorkerSubscription;
