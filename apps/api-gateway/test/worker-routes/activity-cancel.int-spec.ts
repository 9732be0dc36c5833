import { expectEventually } from '@herald/testing';

import type { TestEnvironment } from '../support/gateway-test-app';
import { RunnerPlayer } from './support/runner.player';
import { JsonResponse, startWorkerRoutesWorld, WorkerRoutesWorld } from './support/worker-routes-world';

/** The notifications of a transaction, once the worker has created them with their jobs. */
async function notificationsOf(world: WorkerRoutesWorld, transactionId: string, jobs: number): Promise<JsonResponse> {
  return expectEventually(async () => {
    const response = await world.http('GET', `/v1/notifications?transactionId=${encodeURIComponent(transactionId)}`);
    expect(response.status).toBe(200);
    expect(response.body.data[0]?.jobs).toHaveLength(jobs);
    return response;
  });
}

describe('activity, messages and cancel routes served by trigger-worker', () => {
  let world: WorkerRoutesWorld;
  let runner: RunnerPlayer;
  let other: TestEnvironment;

  beforeAll(async () => {
    world = await startWorkerRoutesWorld('wr_activity', { WORKER_RPC_TIMEOUT_MS: '1500' });
    runner = await RunnerPlayer.connect(world.gateway.config.BROKER_NAME_PREFIX);
    other = await world.gateway.createEnvironment('Other');
    await world.createWorkflow('welcome');
    await world.createWorkflow('delayed', [
      { name: 'Wait', stepId: 'wait', type: 'delay', controlValues: { amount: 1, unit: 'hours' } },
      { name: 'Inbox', stepId: 'inbox', type: 'in_app', controlValues: { body: 'Later' } },
    ]);
  });

  afterAll(async () => {
    await world?.close();
    await runner?.close();
  });

  it('shows a triggered notification with its jobs and execution details (raw HTTP and SDK)', async () => {
    const transactionId = await world.trigger('welcome', { subscriberId: 'ada', firstName: 'Ada' }, 'tx-welcome');
    const listed = await notificationsOf(world, transactionId, 1);
    const { environmentId, organizationId } = world.gateway.environment;
    expect(listed.body).toMatchObject({ page: 0, pageSize: 10, hasMore: false });
    const [notification] = listed.body.data;
    expect(notification).toMatchObject({
      _id: expect.any(String),
      _environmentId: environmentId,
      _organizationId: organizationId,
      transactionId,
      channels: ['in_app'],
      payload: { name: 'Ada' },
      subscriber: { subscriberId: 'ada', firstName: 'Ada' },
      template: { name: 'welcome', triggers: [{ type: 'event', identifier: 'welcome', variables: [] }] },
      jobs: [
        {
          type: 'in_app',
          status: 'queued',
          providerId: 'novu',
          step: { stepId: expect.any(String), active: true, filters: [] },
        },
      ],
    });
    expect(notification.subscriber).not.toHaveProperty('email');
    expect(notification.jobs[0].executionDetails).toContainEqual(
      expect.objectContaining({
        status: 'Queued',
        jobStatus: 'queued',
        source: 'Internal',
        isRetry: false,
        isTest: false,
      }),
    );

    const novu = world.sdk();
    const viaSdk = await novu.notifications.list({ transactionId, page: 0, limit: 10 });
    expect(viaSdk.result.data).toHaveLength(1);
    expect(viaSdk.result.data[0]).toMatchObject({
      id: notification._id,
      transactionId,
      jobs: [expect.objectContaining({ type: 'in_app', status: 'queued' })],
    });
    const one = await novu.notifications.retrieve(notification._id);
    expect(one.result).toMatchObject({
      id: notification._id,
      subscriberId: notification._subscriberId,
      templateId: notification._templateId,
    });
    expect((await world.http('GET', `/v1/notifications/${notification._id}`)).body.data).toEqual(notification);
  });

  it('filters the activity feed and validates its query', async () => {
    await world.trigger('welcome', 'bob', 'tx-bob');
    await notificationsOf(world, 'tx-bob', 1);
    const bySubscriber = await world.http('GET', '/v1/notifications?subscriberIds=bob&subscriberIds=nobody');
    expect(bySubscriber.body.data.map((n: { transactionId: string }) => n.transactionId)).toEqual(['tx-bob']);
    expect((await world.http('GET', '/v1/notifications?templates=welcome&channels=in_app&limit=1')).body).toMatchObject(
      { pageSize: 1, hasMore: true, data: [{ transactionId: 'tx-bob' }] },
    );
    expect((await world.http('GET', '/v1/notifications?channels=sms')).body.data).toEqual([]);
    const bad = await world.http('GET', '/v1/notifications?limit=51&channels=fax');
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.errors).sort()).toEqual(['channels', 'limit']);
    expect((await world.http('GET', '/v1/notifications/not-an-id')).status).toBe(404);
    expect((await world.http('GET', '/v1/notifications/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('lists and deletes delivered messages (raw HTTP and SDK)', async () => {
    const [notification] = (await notificationsOf(world, 'tx-welcome', 1)).body.data;
    const { environmentId } = world.gateway.environment;
    await runner.deliver({
      jobId: notification.jobs[0]._id,
      environmentId,
      transactionId: 'tx-welcome',
      channel: 'in_app',
      recipient: 'ada',
      providerId: 'novu',
    });
    const listed = await expectEventually(async () => {
      const response = await world.http('GET', '/v1/messages?transactionId=tx-welcome');
      expect(response.body.data).toHaveLength(1);
      return response;
    });
    expect(listed.body).toMatchObject({ page: 0, pageSize: 10, hasMore: false });
    expect(listed.body.data[0]).toMatchObject({
      _notificationId: notification._id,
      _organizationId: world.gateway.environment.organizationId,
      channel: 'in_app',
      providerId: 'novu',
      status: 'sent',
      read: false,
      seen: false,
      cta: {},
    });

    const novu = world.sdk();
    const viaSdk = await novu.messages.retrieve({ transactionId: ['tx-welcome'], channel: 'in_app' });
    expect(viaSdk.result.data.map((message) => message.id)).toEqual([listed.body.data[0]._id]);
    const completed = (await notificationsOf(world, 'tx-welcome', 1)).body.data[0].jobs[0];
    expect(completed).toMatchObject({ status: 'completed', providerId: 'novu' });
    expect(completed.executionDetails.map((detail: { status: string }) => detail.status)).toEqual(
      expect.arrayContaining(['Queued', 'Success']),
    );

    expect((await novu.messages.delete(listed.body.data[0]._id)).result).toEqual({
      acknowledged: true,
      status: 'deleted',
    });
    expect((await world.http('GET', '/v1/messages?transactionId=tx-welcome')).body.data).toEqual([]);
    expect((await world.http('DELETE', `/v1/messages/${listed.body.data[0]._id}`)).status).toBe(404);
    expect((await world.http('DELETE', '/v1/messages/transaction/tx-welcome?channel=in_app')).status).toBe(204);
    expect((await world.http('GET', '/v1/messages?channel=fax')).status).toBe(422);
  });

  it('cancels a delayed trigger: data true, and its jobs show canceled', async () => {
    const transactionId = await world.trigger('delayed', 'cat', 'tx-delayed');
    await expectEventually(async () =>
      expect((await notificationsOf(world, transactionId, 2)).body.data[0].jobs[0].status).toBe('delayed'),
    );

    expect(await world.http('DELETE', `/v1/events/trigger/${transactionId}`, undefined, other)).toMatchObject({
      status: 200,
      body: { data: false },
    });
    expect(await world.http('DELETE', `/v1/events/trigger/${transactionId}`)).toMatchObject({
      status: 200,
      body: { data: true },
    });
    const jobs = (await notificationsOf(world, transactionId, 2)).body.data[0].jobs;
    expect(jobs.map((job: { type: string; status: string }) => [job.type, job.status])).toEqual([
      ['delay', 'canceled'],
      ['in_app', 'canceled'],
    ]);
    expect(jobs[0].executionDetails.at(-1)).toMatchObject({
      status: 'Warning',
      jobStatus: 'canceled',
      detail: expect.stringContaining('Canceled by request'),
    });
    // Nothing left to cancel: false, through the SDK too.
    expect((await world.sdk().cancel(transactionId)).result).toBe(false);
  });

  it('answers false for an unknown transaction and 422 for an over-long one', async () => {
    expect(await world.http('DELETE', '/v1/events/trigger/never-triggered')).toMatchObject({
      status: 200,
      body: { data: false },
    });
    expect((await world.sdk().cancel('never-triggered-either')).result).toBe(false);
    expect((await world.http('DELETE', `/v1/events/trigger/${'x'.repeat(256)}`)).status).toBe(422);
  });

  it('shows another environment nothing', async () => {
    expect((await world.http('GET', '/v1/notifications', undefined, other)).body).toMatchObject({
      data: [],
      hasMore: false,
    });
    const [notification] = (await notificationsOf(world, 'tx-bob', 1)).body.data;
    expect((await world.http('GET', `/v1/notifications/${notification._id}`, undefined, other)).status).toBe(404);
    expect((await world.http('GET', '/v1/messages', undefined, other)).body.data).toEqual([]);
  });

  it('answers 503 with a clear message when the worker does not answer in time', async () => {
    await world.worker.stop();
    const paths = [
      ['GET', '/v2/subscribers/ada'],
      ['DELETE', '/v1/events/trigger/tx-bob'],
      ['GET', '/v1/notifications'],
    ];
    for (const response of await Promise.all(paths.map(([method, path]) => world.http(method, path)))) {
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('1');
      expect(response.body).toMatchObject({
        statusCode: 503,
        message: 'The trigger worker is unavailable (no answer within 1500 ms); nothing was changed, retry later',
      });
    }
  });
});
