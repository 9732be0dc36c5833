import { randomUUID } from 'node:crypto';

import { buildSubscriberRefFixture, buildWorkflowSnapshotFixture } from '../common/common.fixture';
import type { TriggerRequestedData } from './trigger-requested.contract';

/**
 * A valid `trigger.requested.v1` data: one subscriber, the two-step fixture workflow, fresh ids
 * and transactionId on every call (so repeated triggers are not de-duplicated). `overrides` are
 * merged shallowly.
 */
export function buildTriggerRequestedFixture(overrides: Partial<TriggerRequestedData> = {}): TriggerRequestedData {
  return {
    kind: 'trigger',
    organizationId: randomUUID(),
    environmentId: randomUUID(),
    workflow: buildWorkflowSnapshotFixture(),
    to: [buildSubscriberRefFixture()],
    payload: { author: 'Grace', post: 'Notes on the Analytical Engine' },
    overrides: {},
    transactionId: randomUUID(),
    attachments: [],
    requestedAt: new Date().toISOString(),
    ...overrides,
  };
}
