import { DISPATCH_PURPOSE, runnerConfig, RunnerModule } from '@herald/runner-kit';
import {
  bootTestApp,
  createTestDatabase,
  expectEventually,
  RUNNER_TEST_RETRY_DELAYS_MS,
  type TestApp,
  type TestDatabase,
  testServiceUrls,
} from '@herald/testing';

// The whole deletion path runs in this process: the gateway and trigger-worker as the gateway's own
// worker-routes specs boot them, and the real in-app runner next to them.
// eslint-disable-next-line @nx/enforce-module-boundaries -- end-to-end test: gateway and worker run in this process
import {
  startWorkerRoutesWorld,
  type WorkerRoutesWorld,
} from '../../api-gateway/test/worker-routes/support/worker-routes-world';
import { MESSAGE_DELETIONS_PURPOSE } from '../src/handlers/message-deleted.handler';
import { inAppRunner } from '../src/runner-in-app.definition';
import { deleteInAppRunnerQueues } from './support/in-app-runner-queues';

describe('DELETE /v1/messages/:id removes the inbox message (gateway → trigger-worker → outbox → runner-in-app)', () => {
  let world: WorkerRoutesWorld;
  let database: TestDatabase;
  let runner: TestApp;
  let prefix: string;

  beforeAll(async () => {
    [world, database] = await Promise.all([
      startWorkerRoutesWorld('inbox_deletion'),
      createTestDatabase('runner_in_app_gw'),
    ]);
    prefix = world.gateway.config.BROKER_NAME_PREFIX;
    const env = {
      NODE_ENV: 'test',
      LOG_LEVEL: 'error',
      HTTP_PORT: '0',
      DATABASE_URL: database.url,
      DB_POOL_SIZE: '3',
      AMQP_URL: testServiceUrls().amqpUrl,
      BROKER_NAME_PREFIX: prefix,
      RUNNER_RETRY_DELAYS_MS: RUNNER_TEST_RETRY_DELAYS_MS.join(','),
    };
    runner = await bootTestApp(RunnerModule.forChannel(inAppRunner, runnerConfig('in_app').load(env)));
    await world.createWorkflow('inbox-deletion');
  });

  afterAll(async () => {
    await runner?.close();
    await world?.close();
    await database?.drop();
    if (prefix) await deleteInAppRunnerQueues(prefix, [DISPATCH_PURPOSE, MESSAGE_DELETIONS_PURPOSE]);
  });

  const feedOf = async (subscriberId: string) =>
    (await world.http('GET', `/v1/subscribers/${subscriberId}/notifications/feed`)).body;
  const unseenOf = async (subscriberId: string) =>
    (await world.http('GET', `/v1/subscribers/${subscriberId}/notifications/unseen`)).body.data.count;

  it('takes a deleted message out of the feed and the unseen count, leaving the others', async () => {
    await world.trigger('inbox-deletion', 'grace', 'tx-deleted');
    await world.trigger('inbox-deletion', 'grace', 'tx-kept');
    const delivered = await expectEventually(
      async () => {
        const response = await world.http('GET', '/v1/messages?subscriberId=grace&channel=in_app');
        expect(response.body.data).toHaveLength(2);
        return response.body.data as { _id: string; transactionId: string }[];
      },
      { timeoutMs: 20_000 },
    );
    expect(await unseenOf('grace')).toBe(2);
    expect((await feedOf('grace')).totalCount).toBe(2);

    const deleted = delivered.find((message) => message.transactionId === 'tx-deleted')!;
    expect(await world.http('DELETE', `/v1/messages/${deleted._id}`)).toMatchObject({
      status: 200,
      body: { data: { acknowledged: true, status: 'deleted' } },
    });

    await expectEventually(async () => expect(await unseenOf('grace')).toBe(1));
    const feed = await feedOf('grace');
    expect(feed).toMatchObject({ totalCount: 1, data: [{ transactionId: 'tx-kept' }] });
  });
});
