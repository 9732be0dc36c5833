import { randomUUID } from 'node:crypto';

import type { DeliveryChannel } from '../common/channel.schema';
import { buildSubscriberSnapshotFixture } from '../common/common.fixture';
import type { JsonRecord } from '../common/primitives.schema';
import { computeDeliveryKey } from './delivery-key';
import type { JobDispatchData } from './job-dispatch.contract';

const CONTROL_VALUES: Record<DeliveryChannel, JsonRecord> = {
  email: { subject: 'New comment from {{payload.author}}', body: '<p>{{payload.author}} commented.</p>' },
  sms: { body: '{{payload.author}} commented on {{payload.post}}' },
  push: { subject: 'New comment', body: '{{payload.author}} commented' },
  chat: { body: '{{payload.author}} commented on {{payload.post}}' },
  in_app: { subject: 'New comment', body: '{{payload.author}} commented', redirect: { url: '/posts/1' } },
};

/**
 * A valid `job.dispatch.<channel>.v1` data for `channel` (default `email`): first attempt, a
 * subscriber with data for every channel, fresh ids and a matching delivery key on every call.
 * `overrides` are merged shallowly (the delivery key is not recomputed from them).
 */
export function buildJobDispatchFixture(
  overrides: Partial<JobDispatchData> = {},
  channel: DeliveryChannel = 'email',
): JobDispatchData {
  const environmentId = randomUUID();
  const transactionId = randomUUID();
  const subscriber = buildSubscriberSnapshotFixture();
  const stepId = channel.replace('_', '-');
  return {
    jobId: randomUUID(),
    notificationId: randomUUID(),
    transactionId,
    environmentId,
    organizationId: randomUUID(),
    attempt: 1,
    deliveryKey: computeDeliveryKey({ environmentId, transactionId, subscriberId: subscriber.subscriberId, stepId }),
    workflow: { id: randomUUID(), identifier: 'comment-created', version: 1, name: 'Comment created' },
    step: { stepId, name: stepId, type: channel, controlValues: CONTROL_VALUES[channel] },
    subscriber,
    payload: { author: 'Grace', post: 'Notes on the Analytical Engine' },
    overrides: {},
    attachments: [],
    ...overrides,
  };
}
