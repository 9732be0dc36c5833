import {
  deliveryChannelSchema,
  idSchema,
  isoDateTimeSchema,
  jobStatusSchema,
  transactionIdSchema,
} from '@herald/contracts';
import { z } from 'zod';

import { intQuery, listQuery } from '../../adapters/trigger-worker-rpc/query-params';

/**
 * `GET /v1/notifications`: Novu's activity filters. Filters Herald does not index (`emails`,
 * `search`, `severity`, `topicKey`, cursors) are accepted and ignored, as unknown query keys are.
 */
export const listNotificationsQuerySchema = z.object({
  page: intQuery(0, 10_000).default(0),
  limit: intQuery(1, 50).default(10),
  transactionId: transactionIdSchema.optional(),
  subscriberIds: listQuery(idSchema, 100).optional(),
  channels: listQuery(deliveryChannelSchema, 5).optional(),
  /** Workflow ids or identifiers. */
  templates: listQuery(idSchema, 100).optional(),
  /** Novu's time range: created at or after / before these ISO instants. */
  after: isoDateTimeSchema.optional(),
  before: isoDateTimeSchema.optional(),
  /** Herald's: notifications with a job in one of these statuses (`failed`, `delayed`, …). */
  statuses: listQuery(jobStatusSchema, 9).optional(),
});
export type ListNotificationsQuery = z.output<typeof listNotificationsQuerySchema>;
