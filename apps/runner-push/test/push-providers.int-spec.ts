import { createHmac } from 'node:crypto';

import {
  buildJobDispatchFixture,
  buildRunnerIntegrationFixture,
  type JobDispatchData,
  JobStatus,
  type RunnerIntegration,
  type SubscriberChannel,
} from '@herald/contracts';
import { runnerConfig, RunnerModule } from '@herald/runner-kit';
import { bootTestApp, type HttpReceiver, RunnerTestWorld, startHttpReceiver, type TestApp } from '@herald/testing';

import { pushRunner } from '../src/runner-push.definition';
import { type FakeFcm, fakeFcm, fcmQuotaExceeded, fcmUnavailable, UNREGISTERED_TOKEN } from './support/fake-fcm';

describe('runner-push providers', () => {
  let world: RunnerTestWorld;
  let runner: TestApp;
  let fcm: FakeFcm;
  let google: HttpReceiver;
  let webhook: HttpReceiver;

  beforeAll(async () => {
    world = await RunnerTestWorld.create('runner_push', 'push');
    runner = await bootTestApp(RunnerModule.forChannel(pushRunner, runnerConfig('push').load(world.env)));
    await world.waitForRunner();
    fcm = fakeFcm();
    google = await startHttpReceiver(fcm.responder);
    webhook = await startHttpReceiver(() => ({ status: 200, body: { id: 'push-hook-1' } }));
  });

  afterAll(async () => {
    await runner?.close();
    await Promise.all([google?.close(), webhook?.close()]);
    await world?.close();
  });

  beforeEach(() => {
    fcm.next.length = 0;
  });

  const fcmIntegration = (extra: Partial<RunnerIntegration> = {}) =>
    buildRunnerIntegrationFixture({
      providerId: 'fcm',
      channel: 'push',
      identifier: 'fcm',
      credentials: { serviceAccount: fcm.serviceAccount(google.url), baseUrl: google.url },
      ...extra,
    });
  const webhookIntegration = (extra: Partial<RunnerIntegration> = {}) =>
    buildRunnerIntegrationFixture({
      providerId: 'push-webhook',
      channel: 'push',
      identifier: 'push-webhook',
      primary: false,
      credentials: { webhookUrl: `${webhook.url}/push`, secretKey: 'push-secret' },
      ...extra,
    });

  function job(
    integrations: RunnerIntegration[],
    channels?: SubscriberChannel[],
    overrides: Partial<JobDispatchData> = {},
  ): JobDispatchData {
    const base = buildJobDispatchFixture(overrides, 'push');
    const data = channels ? { ...base, subscriber: { ...base.subscriber, channels } } : base;
    world.integrations.set(data.environmentId, integrations);
    return data;
  }
  const fcmSendsFor = (token: string) =>
    google.requests.filter(
      (request) => (request.json as { message?: { token?: string } } | undefined)?.message?.token === token,
    );

  it('sends one FCM v1 message per device token with a service-account access token', async () => {
    const channels = [{ providerId: 'fcm', credentials: { deviceTokens: ['device-a', 'device-b'] } }];
    const data = job([fcmIntegration()], channels, {
      step: {
        ...buildJobDispatchFixture({}, 'push').step,
        controlValues: {
          subject: 'Hi {{subscriber.firstName}}',
          body: '{{payload.author}} commented',
          data: { postId: '{{payload.post}}' },
        },
      },
    });
    await world.dispatch(data);
    const outcome = await world.outcomeOf(data.jobId);
    expect(outcome).toMatchObject({
      status: JobStatus.COMPLETED,
      providerId: 'fcm',
      delivery: { channel: 'push', recipient: data.subscriber.subscriberId },
    });
    expect(outcome.providerMessageId?.split(',')).toHaveLength(2);
    expect(fcmSendsFor('device-a')[0].json).toEqual({
      message: {
        token: 'device-a',
        notification: { title: 'Hi Ada', body: 'Grace commented' },
        data: { postId: 'Notes on the Analytical Engine' },
      },
    });
    expect(fcmSendsFor('device-b')).toHaveLength(1);
    expect(fcm.accessTokensIssued).toBe(1);
  });

  it('delivers when one of several devices is unregistered, and fails permanently when all are', async () => {
    const mixed = job(
      [fcmIntegration()],
      [{ providerId: 'fcm', credentials: { deviceTokens: [UNREGISTERED_TOKEN, 'device-c'] } }],
    );
    await world.dispatch(mixed);
    expect(await world.outcomeOf(mixed.jobId)).toMatchObject({ status: JobStatus.COMPLETED });
    const gone = job([fcmIntegration()], [{ providerId: 'fcm', credentials: { deviceTokens: [UNREGISTERED_TOKEN] } }]);
    await world.dispatch(gone);
    expect(await world.outcomeOf(gone.jobId)).toMatchObject({
      status: JobStatus.FAILED,
      error: {
        code: 'provider_rejected',
        retryable: false,
        message: 'fcm answered HTTP 404: UNREGISTERED: Requested entity was not found.',
      },
    });
  });

  it('applies provider overrides to the FCM message', async () => {
    const overrides = { providers: { fcm: { android: { priority: 'high' }, data: { extra: 'yes' } } } };
    const data = job([fcmIntegration()], [{ providerId: 'fcm', credentials: { deviceTokens: ['device-d'] } }], {
      overrides,
    });
    await world.dispatch(data);
    await world.outcomeOf(data.jobId);
    expect((fcmSendsFor('device-d')[0].json as { message: object }).message).toMatchObject({
      android: { priority: 'high' },
      data: { extra: 'yes' },
    });
  });

  it.each([
    ['quota exceeded (429)', fcmQuotaExceeded, 'provider_rate_limited'],
    ['unavailable (503)', fcmUnavailable, 'provider_unavailable'],
  ])('fails over from FCM %s to the push webhook', async (_label, response, code) => {
    fcm.next.push(response);
    const channels = [
      { providerId: 'fcm', credentials: { deviceTokens: ['device-e'] } },
      { providerId: 'push-webhook', credentials: { deviceTokens: ['hook-token'] } },
    ];
    const data = job([fcmIntegration(), webhookIntegration()], channels);
    await world.dispatch(data);
    expect(await world.outcomeOf(data.jobId)).toMatchObject({
      status: JobStatus.COMPLETED,
      providerId: 'push-webhook',
      providerMessageId: 'push-hook-1',
      detail: expect.stringContaining(`failover from fcm: ${code}`),
    });
  });

  it('reports a service account Google refuses as an auth failure', async () => {
    const other = fakeFcm('other-project');
    const data = job([
      fcmIntegration({
        credentials: {
          serviceAccount: other.serviceAccount(google.url).replace('other-project', fcm.projectId),
          baseUrl: google.url,
        },
      }),
    ]);
    await world.dispatch(data);
    expect(await world.outcomeOf(data.jobId)).toMatchObject({
      status: JobStatus.FAILED,
      error: { code: 'provider_auth_failed', retryable: false },
    });
  });

  it('posts a signed body to the push webhook with the subscriber’s webhook tokens', async () => {
    const data = job(
      [webhookIntegration({ primary: true })],
      [{ providerId: 'push-webhook', credentials: { deviceTokens: ['t1', 't2'] } }],
    );
    await world.dispatch(data);
    expect(await world.outcomeOf(data.jobId)).toMatchObject({
      status: JobStatus.COMPLETED,
      providerId: 'push-webhook',
    });
    const request = webhook.requests.find(
      (candidate) => (candidate.json as { deliveryKey?: string }).deliveryKey === data.deliveryKey,
    );
    expect(request?.json).toEqual({
      target: ['t1', 't2'],
      title: 'New comment',
      content: 'Grace commented',
      payload: {},
      deliveryKey: data.deliveryKey,
      jobId: data.jobId,
      subscriberId: data.subscriber.subscriberId,
    });
    expect(request?.headers['x-novu-signature']).toBe(
      createHmac('sha256', 'push-secret')
        .update(request?.body ?? '')
        .digest('hex'),
    );
    expect(request?.headers['idempotency-key']).toBe(data.deliveryKey);
  });

  it('cancels a job whose subscriber has no device token for any push integration', async () => {
    const data = job(
      [fcmIntegration(), webhookIntegration()],
      [{ providerId: 'slack', credentials: { webhookUrl: 'https://hooks.slack.example/x' } }],
    );
    await world.dispatch(data);
    expect(await world.outcomeOf(data.jobId)).toMatchObject({
      status: JobStatus.CANCELED,
      detail: 'Subscriber has no device token for fcm; Subscriber has no device token for push-webhook',
    });
  });
});
