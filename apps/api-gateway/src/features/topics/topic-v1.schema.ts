import { idSchema, safeIdentifier } from '@herald/contracts';

import { intQuery, textQuery } from '../../adapters/trigger-worker-rpc/query-params';
import { z } from '../../core/openapi/openapi-zod';
import { createTopicBodySchema } from './topic-request.schema';

/** `POST /v1/topics` (Novu's `CreateTopicRequestDto`): v1 requires the name. */
export const createTopicV1BodySchema = createTopicBodySchema.pick({ key: true }).extend({
  name: z.string({ required_error: 'is required' }).min(1, 'must not be empty').max(255),
});
export type CreateTopicV1Body = z.output<typeof createTopicV1BodySchema>;

/** `PATCH /v1/topics/:topicKey` (`RenameTopicRequestDto`). */
export const renameTopicV1BodySchema = z.object({
  name: z.string({ required_error: 'is required' }).min(1, 'must not be empty').max(255),
});

/**
 * `GET /v1/topics` (`FilterTopicsRequestDto`): 0-based `page`, `pageSize`, `key` an exact match.
 * Pages are walked over the worker's cursor, so the offset is bounded (decision 0040).
 */
export const V1_TOPICS_MAX_OFFSET = 1_000;
export const listTopicsV1QuerySchema = z.object({
  page: intQuery(0, V1_TOPICS_MAX_OFFSET).default(0),
  pageSize: intQuery(1, 100).default(10),
  key: textQuery(255).optional(),
});
export type ListTopicsV1Query = z.output<typeof listTopicsV1QuerySchema>;

/** `POST /v1/topics/:topicKey/subscribers` and `…/subscribers/removal` (`AddSubscribersRequestDto`). */
export const topicSubscribersV1BodySchema = z.object({
  subscribers: z
    .array(safeIdentifier(idSchema), { required_error: 'is required', invalid_type_error: 'must be an array' })
    .min(1, 'must name at least one subscriber')
    .max(100, 'must name at most 100 subscribers')
    .transform((ids) => [...new Set(ids)]),
});
export type TopicSubscribersV1Body = z.output<typeof topicSubscribersV1BodySchema>;
