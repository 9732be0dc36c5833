import { JobStatus } from '@herald/contracts';
import { expectEventually } from '@herald/testing';

import type { ActivityNotificationDto } from '../src/admin-api/activity/activity.repository';
import type { MessageDto } from '../src/admin-api/messages/message-admin.repository';
import { newTenant, steps, triggerFor } from './support/trigger.fixtures';
import { ackedCount, WorkerTestHarness } from './support/worker-test-harness';

interface Feed<T> {
  data: T[];
  page: number;
  pageSize: number;
  hasMore: boolean;
}

describe('activity feed and messages RPC routes', () => {
  let harness: WorkerTestHarness;
  const tenant = newTenant();
  const rpc = <R>(method: string, data: Record<string, unknown> = {}) =>
    harness.broker.rpc<R>(method, { environmentId: tenant.environmentId, ...data });
  const trigger = triggerFor(tenant, [steps.inApp(), steps.email()], ['ada', 'bob']);

  beforeAll(async () => {
    harness = await WorkerTestHarness.create('tw_activity');
    await harness.start();
    await harness.broker.trigger(trigger);
    const inApp = await harness.broker.waitForDispatch(
      (data) => data.transactionId === trigger.transactionId && data.subscriber.subscriberId === 'ada',
    );
    await harness.broker.waitForDispatch(
      (data) => data.transactionId === trigger.transactionId && data.subscriber.subscriberId === 'bob',
    );
    // One at a time: the worker handles status events concurrently.
    for (const input of [
      { status: JobStatus.RUNNING },
      { status: JobStatus.COMPLETED, detail: 'Inbox message created' },
    ]) {
      const before = await ackedCount(harness.instances[0], 'job-status');
      await harness.broker.jobStatus(inApp, input);
      await expectEventually(async () => expect(await ackedCount(harness.instances[0], 'job-status')).toBe(before + 1));
    }
  });

  afterAll(() => harness.close());

  it('lists notifications with their jobs and execution details, filtered and paged', async () => {
    const feed = await rpc<Feed<ActivityNotificationDto>>('notifications.list.v1', {
      transactionId: trigger.transactionId,
    });
    expect(feed).toMatchObject({ page: 0, pageSize: 10, hasMore: false });
    expect(feed.data.map((n) => n.subscriber.subscriberId).sort()).toEqual(['ada', 'bob']);
    const ada = feed.data.find((n) => n.subscriber.subscriberId === 'ada')!;
    expect(ada).toMatchObject({
      transactionId: trigger.transactionId,
      channels: ['in_app', 'email'],
      payload: trigger.payload,
      template: { _id: trigger.workflow.id, name: trigger.workflow.name },
    });
    expect(ada.jobs.map((job) => [job.type, job.step.stepId, job.status])).toEqual([
      ['in_app', 'in-app', JobStatus.COMPLETED],
      ['email', 'email', JobStatus.QUEUED],
    ]);
    expect(ada.jobs[0]).toMatchObject({ _id: expect.any(String), providerId: 'test-provider' });
    expect(ada.jobs[0].executionDetails.map((d) => [d.status, d.source])).toEqual([
      [JobStatus.QUEUED, 'worker'],
      [JobStatus.RUNNING, 'runner'],
      [JobStatus.COMPLETED, 'runner'],
    ]);

    const paged = await rpc<Feed<ActivityNotificationDto>>('notifications.list.v1', { limit: 1 });
    expect(paged).toMatchObject({ pageSize: 1, hasMore: true });
    const next = await rpc<Feed<ActivityNotificationDto>>('notifications.list.v1', { limit: 1, page: 1 });
    expect(next.hasMore).toBe(false);
    expect(next.data[0]._id).not.toBe(paged.data[0]._id);
    expect(
      (await rpc<Feed<ActivityNotificationDto>>('notifications.list.v1', { subscriberIds: ['bob'] })).data,
    ).toHaveLength(1);
    expect(
      (await rpc<Feed<ActivityNotificationDto>>('notifications.list.v1', { channels: ['sms'] })).data,
    ).toHaveLength(0);
    expect(
      (await rpc<Feed<ActivityNotificationDto>>('notifications.list.v1', { templates: [trigger.workflow.identifier] }))
        .data,
    ).toHaveLength(2);
    expect(
      (await rpc<Feed<ActivityNotificationDto>>('notifications.list.v1', { environmentId: newTenant().environmentId }))
        .data,
    ).toHaveLength(0);
    // The console's filters: a time range around the notifications' creation, and job statuses.
    const created = Date.parse(ada.createdAt);
    const count = async (filter: Record<string, unknown>) =>
      (
        await rpc<Feed<ActivityNotificationDto>>('notifications.list.v1', {
          transactionId: trigger.transactionId,
          ...filter,
        })
      ).data.length;
    expect(await count({ after: new Date(created - 60_000).toISOString() })).toBe(2);
    expect(await count({ after: new Date(created + 60_000).toISOString() })).toBe(0);
    expect(await count({ before: new Date(created - 60_000).toISOString() })).toBe(0);
    expect(await count({ statuses: [JobStatus.COMPLETED] })).toBe(1);
    expect(await count({ statuses: [JobStatus.QUEUED] })).toBe(2);
    expect(await count({ statuses: [JobStatus.FAILED, JobStatus.DELAYED] })).toBe(0);

    expect(await rpc<ActivityNotificationDto>('notifications.get.v1', { notificationId: ada._id })).toEqual(ada);
    await expect(
      rpc('notifications.get.v1', { notificationId: '00000000-0000-4000-8000-000000000000' }),
    ).rejects.toMatchObject({ code: 'notification_not_found' });
  });

  it('shows a refused duplicate trigger next to its transaction', async () => {
    await harness.broker.trigger({ ...trigger, payload: { other: true } });
    await expectEventually(async () => {
      const feed = await rpc<Feed<ActivityNotificationDto>>('notifications.list.v1', {
        transactionId: trigger.transactionId,
      });
      expect(feed.data.map((n) => n.duplicateTriggers)).toEqual([1, 1]);
    });
  });

  it('lists delivered messages and deletes them, telling the runners', async () => {
    const list = await rpc<Feed<MessageDto>>('messages.list.v1', { transactionIds: [trigger.transactionId] });
    expect(list.data).toHaveLength(1);
    expect(list.data[0]).toMatchObject({
      subscriberId: 'ada',
      channel: 'in_app',
      transactionId: trigger.transactionId,
      providerId: 'test-provider',
      deleted: false,
    });
    expect((await rpc<Feed<MessageDto>>('messages.list.v1', { channel: 'email' })).data).toHaveLength(0);

    await expect(rpc('messages.delete.v1', { messageId: list.data[0]._id })).resolves.toEqual({
      acknowledged: true,
      status: 'deleted',
    });
    await expectEventually(() =>
      expect(harness.broker.deletedMessages.map((e) => e.data.messageId)).toEqual([list.data[0]._id]),
    );
    expect(harness.broker.deletedMessages[0].data).toMatchObject({
      environmentId: tenant.environmentId,
      channel: 'in_app',
      subscriberId: 'ada',
      jobId: list.data[0]._jobId,
    });
    expect((await rpc<Feed<MessageDto>>('messages.list.v1', {})).data).toHaveLength(0);
    await expect(rpc('messages.delete.v1', { messageId: list.data[0]._id })).rejects.toMatchObject({
      code: 'message_not_found',
    });
    await expect(
      rpc('messages.delete-by-transaction.v1', { transactionId: trigger.transactionId }),
    ).resolves.toMatchObject({ deleted: 0 });
  });
});
