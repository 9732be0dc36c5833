import { RpcError } from '@herald/contracts';

import type { SubscriberDto } from '../src/admin-api/subscribers/subscriber.dto';
import type { SubscriptionDto, TopicDto } from '../src/admin-api/topics/topic.dto';
import { newTenant, steps, triggerFor } from './support/trigger.fixtures';
import { WorkerTestHarness } from './support/worker-test-harness';

interface Page<T> {
  data: T[];
  next: string | null;
  previous: string | null;
}

describe('subscriber and topic RPC routes', () => {
  let harness: WorkerTestHarness;
  const tenant = newTenant();
  const rpc = <R>(method: string, data: Record<string, unknown> = {}) =>
    harness.broker.rpc<R>(method, { environmentId: tenant.environmentId, ...data });

  beforeAll(async () => {
    harness = await WorkerTestHarness.create('tw_data');
    await harness.start();
  });

  afterAll(() => harness.close());

  it('creates, reads, patches and deletes a subscriber in Novu’s shape', async () => {
    const created = await rpc<SubscriberDto>('subscribers.create.v1', {
      organizationId: tenant.organizationId,
      subscriber: {
        subscriberId: 'sub-1',
        email: 'one@example.com',
        firstName: 'One',
        data: { tier: 'gold' },
        channels: [{ providerId: 'fcm', credentials: { deviceTokens: ['a'] } }],
      },
    });
    expect(created).toMatchObject({
      _id: expect.any(String),
      subscriberId: 'sub-1',
      _organizationId: tenant.organizationId,
      _environmentId: tenant.environmentId,
      email: 'one@example.com',
      deleted: false,
      channels: [{ providerId: 'fcm', credentials: { deviceTokens: ['a'] }, _integrationId: '' }],
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    await expect(
      rpc('subscribers.create.v1', {
        organizationId: tenant.organizationId,
        subscriber: { subscriberId: 'sub-1' },
        failIfExists: true,
      }),
    ).rejects.toMatchObject({ code: 'subscriber_exists' });

    const patched = await rpc<SubscriberDto>('subscribers.update.v1', {
      subscriberId: 'sub-1',
      patch: { lastName: 'Last', email: null },
    });
    expect(patched).toMatchObject({ firstName: 'One', lastName: 'Last', email: null, data: { tier: 'gold' } });
    expect(await rpc<SubscriberDto>('subscribers.get.v1', { subscriberId: 'sub-1' })).toEqual(patched);

    await expect(rpc('subscribers.delete.v1', { subscriberId: 'sub-1' })).resolves.toEqual({
      acknowledged: true,
      status: 'deleted',
    });
    const missing = await rpc('subscribers.get.v1', { subscriberId: 'sub-1' }).catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(RpcError);
    expect(missing).toMatchObject({ code: 'subscriber_not_found' });
  });

  it('bulk-creates and searches with cursors', async () => {
    const result = await rpc<{ created: unknown[]; updated: unknown[] }>('subscribers.bulk-create.v1', {
      organizationId: tenant.organizationId,
      subscribers: Array.from({ length: 7 }, (_, i) => ({
        subscriberId: `bulk-${i}`,
        email: `bulk-${i}@example.com`,
        firstName: i % 2 ? 'Odd' : 'Even',
      })),
    });
    expect(result.created).toHaveLength(7);
    const again = await rpc<{ created: unknown[]; updated: unknown[] }>('subscribers.bulk-create.v1', {
      organizationId: tenant.organizationId,
      subscribers: [{ subscriberId: 'bulk-0' }, { subscriberId: 'bulk-new' }],
    });
    expect(again).toMatchObject({ created: [{ subscriberId: 'bulk-new' }], updated: [{ subscriberId: 'bulk-0' }] });

    const first = await rpc<Page<SubscriberDto>>('subscribers.search.v1', { limit: 3, subscriberId: 'bulk-' });
    const second = await rpc<Page<SubscriberDto>>('subscribers.search.v1', {
      limit: 3,
      subscriberId: 'bulk-',
      after: first.next,
    });
    const third = await rpc<Page<SubscriberDto>>('subscribers.search.v1', {
      limit: 3,
      subscriberId: 'bulk-',
      after: second.next,
    });
    const all = [...first.data, ...second.data, ...third.data].map((s) => s.subscriberId);
    expect(new Set(all).size).toBe(8);
    expect(third.next).toBeNull();
    const back = await rpc<Page<SubscriberDto>>('subscribers.search.v1', {
      limit: 3,
      subscriberId: 'bulk-',
      before: second.previous,
    });
    expect(back.data.map((s) => s.subscriberId)).toEqual(first.data.map((s) => s.subscriberId));
    expect((await rpc<Page<SubscriberDto>>('subscribers.search.v1', { name: 'odd' })).data).toHaveLength(3);
  });

  it('replaces, appends and deletes channel credentials', async () => {
    await rpc('subscribers.create.v1', {
      organizationId: tenant.organizationId,
      subscriber: { subscriberId: 'creds' },
    });
    await rpc('subscribers.credentials.set.v1', {
      subscriberId: 'creds',
      providerId: 'fcm',
      credentials: { deviceTokens: ['a', 'b'] },
      mode: 'replace',
    });
    const appended = await rpc<SubscriberDto>('subscribers.credentials.set.v1', {
      subscriberId: 'creds',
      providerId: 'fcm',
      credentials: { deviceTokens: ['b', 'c'] },
      mode: 'append',
    });
    expect([...(appended.channels[0].credentials.deviceTokens ?? [])].sort()).toEqual(['a', 'b', 'c']);
    const replaced = await rpc<SubscriberDto>('subscribers.credentials.set.v1', {
      subscriberId: 'creds',
      providerId: 'fcm',
      credentials: { deviceTokens: ['z'] },
      mode: 'replace',
    });
    expect(replaced.channels[0].credentials.deviceTokens).toEqual(['z']);
    await rpc('subscribers.credentials.delete.v1', { subscriberId: 'creds', providerId: 'fcm' });
    expect((await rpc<SubscriberDto>('subscribers.get.v1', { subscriberId: 'creds' })).channels).toEqual([]);
  });

  it('stores preferences that the next trigger honours', async () => {
    await rpc('subscribers.create.v1', {
      organizationId: tenant.organizationId,
      subscriber: { subscriberId: 'prefs' },
    });
    const updated = await rpc<{ global: { channels: Record<string, boolean> } }>('subscribers.preferences.update.v1', {
      subscriberId: 'prefs',
      channels: { email: false },
    });
    expect(updated.global.channels).toEqual({ email: false });
    const trigger = triggerFor(tenant, [steps.email(), steps.inApp()], ['prefs']);
    await harness.broker.trigger(trigger);
    const dispatch = await harness.broker.waitForDispatch((data) => data.transactionId === trigger.transactionId);
    expect(dispatch.step.type).toBe('in_app');
  });

  it('stores several workflows’ switches at once, in order, or none for an unknown subscriber', async () => {
    await rpc('subscribers.create.v1', { organizationId: tenant.organizationId, subscriber: { subscriberId: 'bulk' } });
    const stored = await rpc<{
      workflows: { workflowId: string; enabled: boolean; channels: Record<string, boolean> }[];
    }>('subscribers.preferences.bulk-update.v1', {
      subscriberId: 'bulk',
      workflows: [
        { workflowId: 'wf-a', channels: { email: false, sms: true } },
        { workflowId: 'wf-b', channels: { in_app: false } },
        // Named twice: the later switches merge over the earlier ones.
        { workflowId: 'wf-a', channels: { sms: false } },
      ],
    });
    expect(stored.workflows).toEqual([
      { workflowId: 'wf-a', enabled: true, channels: { email: false, sms: false } },
      { workflowId: 'wf-b', enabled: true, channels: { in_app: false } },
    ]);
    await expect(
      rpc('subscribers.preferences.bulk-update.v1', {
        subscriberId: 'nobody',
        workflows: [{ workflowId: 'wf-a', channels: { email: true } }],
      }),
    ).rejects.toMatchObject({ code: 'subscriber_not_found' });
    await expect(
      rpc('subscribers.preferences.bulk-update.v1', { subscriberId: 'bulk', workflows: [] }),
    ).rejects.toMatchObject({ code: 'invalid_request' });
  });

  it('lists one subscriber’s subscriptions newest first, by topic key, and pages them', async () => {
    await rpc('subscribers.bulk-create.v1', {
      organizationId: tenant.organizationId,
      subscribers: [{ subscriberId: 'member' }, { subscriberId: 'loner' }, { subscriberId: 'bystander' }],
    });
    for (const key of ['alpha', 'beta', 'gamma'])
      await rpc('topics.subscriptions.create.v1', { key, subscriberIds: ['member', 'bystander'] });

    const all = await rpc<Page<SubscriptionDto> & { totalCount: number }>('subscribers.topics.list.v1', {
      subscriberId: 'member',
    });
    expect(all.data.map((s) => s.topic.key)).toEqual(['gamma', 'beta', 'alpha']);
    expect(all.data.every((s) => s.subscriber.subscriberId === 'member')).toBe(true);
    expect(all).toMatchObject({ next: null, previous: null, totalCount: 3 });

    const first = await rpc<Page<SubscriptionDto>>('subscribers.topics.list.v1', {
      subscriberId: 'member',
      limit: 2,
      orderDirection: 'ASC',
    });
    const rest = await rpc<Page<SubscriptionDto>>('subscribers.topics.list.v1', {
      subscriberId: 'member',
      limit: 2,
      orderDirection: 'ASC',
      after: first.next,
    });
    expect([...first.data, ...rest.data].map((s) => s.topic.key)).toEqual(['alpha', 'beta', 'gamma']);
    expect(rest.next).toBeNull();

    const one = await rpc<Page<SubscriptionDto>>('subscribers.topics.list.v1', { subscriberId: 'member', key: 'beta' });
    expect(one.data.map((s) => [s.topic.key, s.subscriber.subscriberId])).toEqual([['beta', 'member']]);
    expect((await rpc<Page<SubscriptionDto>>('subscribers.topics.list.v1', { subscriberId: 'loner' })).data).toEqual(
      [],
    );
    await expect(rpc('subscribers.topics.list.v1', { subscriberId: 'nobody' })).rejects.toMatchObject({
      code: 'subscriber_not_found',
    });
    const elsewhere = harness.broker.rpc('subscribers.topics.list.v1', {
      environmentId: newTenant().environmentId,
      subscriberId: 'member',
    });
    await expect(elsewhere).rejects.toMatchObject({ code: 'subscriber_not_found' });
  });

  it('manages topics and subscriptions, and a trigger to the topic reaches its subscribers', async () => {
    const topic = await rpc<TopicDto>('topics.upsert.v1', { key: 'news', name: 'News' });
    expect(topic).toMatchObject({ _id: expect.any(String), key: 'news', name: 'News' });
    expect(await rpc<TopicDto>('topics.update.v1', { key: 'news', name: 'Latest news' })).toMatchObject({
      name: 'Latest news',
    });
    await rpc('subscribers.bulk-create.v1', {
      organizationId: tenant.organizationId,
      subscribers: [{ subscriberId: 'reader-1' }, { subscriberId: 'reader-2' }, { subscriberId: 'reader-3' }],
    });

    const added = await rpc<{ data: SubscriptionDto[]; meta: { successful: number; failed: number } }>(
      'topics.subscriptions.create.v1',
      { key: 'news', subscriberIds: ['reader-1', 'reader-2', 'reader-3', 'ghost'] },
    );
    expect(added.meta).toMatchObject({ successful: 3, failed: 1 });
    expect(added.data[0]).toMatchObject({
      _id: expect.any(String),
      topic: { key: 'news' },
      subscriber: { subscriberId: 'reader-1' },
    });
    const firstPage = await rpc<Page<SubscriptionDto>>('topics.subscriptions.list.v1', { key: 'news', limit: 2 });
    const secondPage = await rpc<Page<SubscriptionDto>>('topics.subscriptions.list.v1', {
      key: 'news',
      limit: 2,
      after: firstPage.next,
    });
    expect([...firstPage.data, ...secondPage.data].map((s) => s.subscriber.subscriberId)).toEqual([
      'reader-1',
      'reader-2',
      'reader-3',
    ]);
    await rpc('topics.subscriptions.delete.v1', { key: 'news', subscriberIds: ['reader-2'] });

    const trigger = triggerFor(tenant, [steps.inApp()], [], { to: [{ type: 'Topic', topicKey: 'news' }] });
    await harness.broker.trigger(trigger);
    await harness.broker.waitForDispatch(
      (data) => data.transactionId === trigger.transactionId && data.subscriber.subscriberId === 'reader-3',
    );
    expect(
      harness.broker.dispatches
        .filter((d) => d.data.transactionId === trigger.transactionId)
        .map((d) => d.data.subscriber.subscriberId)
        .sort(),
    ).toEqual(['reader-1', 'reader-3']);

    expect((await rpc<Page<TopicDto>>('topics.list.v1', { key: 'ne' })).data.map((t) => t.key)).toEqual(['news']);
    await rpc('topics.delete.v1', { key: 'news' });
    await expect(rpc('topics.get.v1', { key: 'news' })).rejects.toMatchObject({ code: 'topic_not_found' });
  });

  it('refuses a request whose data names another environment', async () => {
    await expect(
      harness.broker.client.rpc.call('trigger-worker', {
        id: '00000000-0000-4000-8000-000000000000',
        type: 'subscribers.get.v1',
        occurredAt: new Date().toISOString(),
        environmentId: 'other',
        data: { environmentId: tenant.environmentId, subscriberId: 'x' },
      }),
    ).rejects.toMatchObject({ code: 'invalid_request' });
  });
});
