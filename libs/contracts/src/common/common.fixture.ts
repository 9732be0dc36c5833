import { randomUUID } from 'node:crypto';

import type { AttachmentRef } from './attachment.schema';
import type { SubscriberRef, SubscriberSnapshot } from './subscriber.schema';
import type { WorkflowSnapshot } from './workflow.schema';

/** A valid subscriber recipient with a unique subscriberId and every profile field set. */
export function buildSubscriberRefFixture(overrides: Partial<SubscriberRef> = {}): SubscriberRef {
  const subscriberId = overrides.subscriberId ?? `subscriber-${randomUUID()}`;
  return {
    type: 'Subscriber',
    subscriberId,
    email: `${subscriberId}@example.com`,
    phone: '+15555550100',
    firstName: 'Ada',
    lastName: 'Lovelace',
    locale: 'en-US',
    timezone: 'Europe/London',
    data: { plan: 'pro' },
    ...overrides,
  };
}

/** A valid stored subscriber with an email, a phone, an FCM token and a Slack webhook. */
export function buildSubscriberSnapshotFixture(overrides: Partial<SubscriberSnapshot> = {}): SubscriberSnapshot {
  const subscriberId = overrides.subscriberId ?? `subscriber-${randomUUID()}`;
  return {
    id: randomUUID(),
    subscriberId,
    email: `${subscriberId}@example.com`,
    phone: '+15555550100',
    firstName: 'Ada',
    lastName: 'Lovelace',
    avatar: 'https://example.com/avatars/ada.png',
    locale: 'en-US',
    timezone: 'Europe/London',
    data: { plan: 'pro' },
    channels: [
      { providerId: 'fcm', credentials: { deviceTokens: ['fcm-device-token-1'] } },
      { providerId: 'slack', credentials: { webhookUrl: 'https://hooks.slack.example/services/T000/B000/XXXX' } },
    ],
    ...overrides,
  };
}

/** A valid active workflow with two steps (in-app, then email) and default preferences. */
export function buildWorkflowSnapshotFixture(overrides: Partial<WorkflowSnapshot> = {}): WorkflowSnapshot {
  return {
    id: randomUUID(),
    identifier: 'comment-created',
    version: 1,
    name: 'Comment created',
    active: true,
    critical: false,
    steps: [
      {
        stepId: 'in-app',
        name: 'In-app',
        type: 'in_app',
        active: true,
        controlValues: { body: '{{payload.author}} commented on {{payload.post}}' },
      },
      {
        stepId: 'email',
        name: 'Email',
        type: 'email',
        active: true,
        controlValues: { subject: 'New comment', body: '<p>{{payload.author}} commented.</p>' },
      },
    ],
    preferences: { all: { enabled: true, readOnly: false }, channels: {} },
    ...overrides,
  };
}

/** A valid attachment reference (a small PDF). */
export function buildAttachmentRefFixture(overrides: Partial<AttachmentRef> = {}): AttachmentRef {
  return { id: randomUUID(), name: 'invoice.pdf', mime: 'application/pdf', size: 2048, ...overrides };
}
