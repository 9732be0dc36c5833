import type { InboxNotification } from '@herald/contracts';

import { toInboxNotification } from './inbox-notification.mapper';
import { inboxNotificationResponseSchema, inboxNotificationsPageSchema } from './inbox-response.schema';
import { InboxWorkflows } from './inbox-workflows';

const notification = (overrides: Partial<InboxNotification> = {}): InboxNotification => ({
  id: '0b5f2a52-5c1e-4d1e-9f1a-7c7f3c1d2e01',
  seq: 1,
  subscriberId: 'ada',
  transactionId: 'txn-1',
  workflowIdentifier: 'billing',
  stepId: 'inbox',
  subject: 'Invoice',
  body: 'Your invoice',
  avatar: null,
  primaryAction: { label: 'Open', redirect: { url: 'https://example.com/open' } },
  secondaryAction: null,
  redirect: { url: 'https://example.com', target: '_blank' },
  data: { amount: 12 },
  seen: false,
  read: false,
  archived: false,
  createdAt: '2026-12-01T10:00:00.000Z',
  workflowId: 'wf-billing',
  seenAt: null,
  readAt: null,
  archivedAt: null,
  snoozedUntil: null,
  snoozed: false,
  primaryActionCompleted: false,
  secondaryActionCompleted: false,
  ...overrides,
});

const workflows = new InboxWorkflows([
  { id: 'wf-billing', identifier: 'billing', name: 'Billing', tags: ['billing'], critical: false, severity: 'high' },
]);

/** The documented response (decision 0042) is what the mapper answers, snoozed or not, known workflow or not. */
describe('inbox response schemas', () => {
  it.each([
    ['a plain notification', notification()],
    ['a snoozed one', notification({ snoozed: true, snoozedUntil: '2999-01-01T00:00:00.000Z' })],
    ['one whose snooze ended', notification({ snoozedUntil: '2020-01-01T00:00:00.000Z', subject: null })],
    ['one of an unknown workflow', notification({ workflowId: 'gone' })],
  ])('documents %s', (_, input) => {
    const answer = toInboxNotification(input, workflows);
    expect(inboxNotificationResponseSchema.strict().parse(answer)).toEqual(answer);
  });

  it('documents a page with its filter', () => {
    const page = {
      data: [toInboxNotification(notification(), workflows)],
      hasMore: false,
      filter: { tags: { and: [{ or: ['billing'] }] }, read: false, severity: ['high' as const] },
    };
    expect(inboxNotificationsPageSchema.parse(page)).toEqual(page);
  });
});
