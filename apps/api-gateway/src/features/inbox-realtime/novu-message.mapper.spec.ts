import type { InboxMessage } from '@herald/contracts';

import { toNovuMessage } from './novu-message.mapper';

const owner = { environmentId: 'env-1', organizationId: 'org-1' };
const message: InboxMessage = {
  id: '6f1c1a52-3f0c-4c54-9d0e-3c8b5d3f2a10',
  seq: 7,
  subscriberId: 'ada',
  transactionId: 'tx-1',
  workflowIdentifier: 'welcome',
  stepId: 'inbox',
  subject: 'Hi',
  body: 'Hello Ada',
  avatar: 'https://example.com/a.png',
  primaryAction: { label: 'Open', redirect: { url: 'https://example.com/open', target: '_blank' } },
  secondaryAction: { label: 'Later' },
  redirect: { url: '/inbox/7' },
  data: { orderId: 42 },
  seen: false,
  read: false,
  archived: false,
  createdAt: '2026-12-06T07:00:00.000Z',
};

describe('toNovuMessage', () => {
  it('answers the fields @novu/js reads from a notification_received message', () => {
    expect(toNovuMessage(message, owner)).toEqual({
      _id: message.id,
      _templateId: 'welcome',
      _environmentId: 'env-1',
      _organizationId: 'org-1',
      _notificationId: 'tx-1',
      _subscriberId: 'ada',
      _jobId: message.id,
      _feedId: null,
      templateIdentifier: 'welcome',
      transactionId: 'tx-1',
      channel: 'in_app',
      providerId: 'novu',
      subject: 'Hi',
      content: 'Hello Ada',
      avatar: 'https://example.com/a.png',
      cta: {
        type: 'redirect',
        data: { url: '/inbox/7' },
        action: {
          status: 'pending',
          buttons: [
            { type: 'primary', content: 'Open', url: 'https://example.com/open', target: '_blank' },
            { type: 'secondary', content: 'Later' },
          ],
          result: {},
        },
      },
      read: false,
      seen: false,
      archived: false,
      deleted: false,
      status: 'sent',
      createdAt: message.createdAt,
      updatedAt: message.createdAt,
      deliveredAt: [message.createdAt],
      payload: {},
      data: { orderId: 42 },
      tags: [],
      severity: 'none',
      subscriber: { _id: 'ada', subscriberId: 'ada' },
      workflow: { id: 'welcome', identifier: 'welcome', name: 'welcome', critical: false, tags: [], severity: 'none' },
    });
  });

  it('always has cta.data and cta.action, and leaves out a missing subject and avatar', () => {
    const bare = toNovuMessage(
      { ...message, subject: null, avatar: null, primaryAction: null, secondaryAction: null, redirect: null },
      owner,
    );
    expect(bare.cta).toEqual({ type: 'redirect', data: {}, action: { status: 'pending', buttons: [], result: {} } });
    expect(bare).not.toHaveProperty('subject');
    expect(bare).not.toHaveProperty('avatar');
  });

  it('reads the fields a newer inbox message carries, and ignores them when mistyped', () => {
    const newer = {
      ...message,
      primaryAction: { label: 'Open', isCompleted: true },
      tags: ['billing'],
      severity: 'high',
      readAt: '2026-12-06T07:01:00.000Z',
      archivedAt: '2026-12-06T07:02:00.000Z',
      snoozedUntil: '2026-12-07T07:00:00.000Z',
      payload: { name: 'Ada' },
      workflow: {
        id: 'wf-1',
        identifier: 'welcome',
        name: 'Welcome',
        critical: true,
        tags: ['billing'],
        severity: 'high',
      },
    } as InboxMessage;
    expect(toNovuMessage(newer, owner)).toMatchObject({
      tags: ['billing'],
      severity: 'high',
      lastReadDate: '2026-12-06T07:01:00.000Z',
      archivedAt: '2026-12-06T07:02:00.000Z',
      snoozedUntil: '2026-12-07T07:00:00.000Z',
      payload: { name: 'Ada' },
      workflow: { id: 'wf-1', name: 'Welcome', critical: true },
      cta: { action: { status: 'done', result: { type: 'primary' } } },
    });
    const mistyped = toNovuMessage(
      { ...message, tags: 'billing', severity: 'urgent' } as unknown as InboxMessage,
      owner,
    );
    expect(mistyped).toMatchObject({ tags: [], severity: 'none' });
  });
});
