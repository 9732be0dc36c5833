import {
  deadLetterQueueName,
  DEFAULT_RETRY_DELAYS_MS,
  Messaging,
  retryQueueName,
  suspectQueueName,
  TopologyNames,
} from '@herald/messaging';
import { JsonLogger } from '@herald/observability';
import { createTestDatabase, expectEventually, type TestDatabase, testServiceUrls } from '@herald/testing';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import * as amqp from 'amqplib';

// The gateway's worker-routes specs drive both services end to end, so they boot the worker itself.
// eslint-disable-next-line @nx/enforce-module-boundaries -- end-to-end test: the worker runs in this process
import { AppModule as WorkerAppModule } from '../../../../trigger-worker/src/app.module';
// eslint-disable-next-line @nx/enforce-module-boundaries -- end-to-end test: the worker runs in this process
import { workerConfig } from '../../../../trigger-worker/src/platform/config/worker.config';

/** trigger-worker booted in this process on the suite's broker prefix, with its own database. */
export class TriggerWorkerProcess {
  private constructor(
    private app: INestApplication | undefined,
    private readonly database: TestDatabase,
  ) {}

  /** Boots the worker's real AppModule (fast scheduler polling) and waits until it consumes. */
  static async start(brokerPrefix: string): Promise<TriggerWorkerProcess> {
    const database = await createTestDatabase('wr_worker');
    const config = workerConfig.load({
      NODE_ENV: 'test',
      LOG_LEVEL: 'error',
      DATABASE_URL: database.url,
      AMQP_URL: testServiceUrls().amqpUrl,
      DB_POOL_SIZE: '3',
      BROKER_NAME_PREFIX: brokerPrefix,
      HTTP_PORT: '0',
    });
    const app = await NestFactory.create(WorkerAppModule.forConfig(config, { schedulerPollIntervalMs: 200 }), {
      logger: new JsonLogger('trigger-worker', 'error'),
    });
    app.enableShutdownHooks();
    await app.init();
    const messaging = app.get(Messaging);
    await expectEventually(() => expect(messaging.isReady()).toBe(true), { timeoutMs: 15_000 });
    return new TriggerWorkerProcess(app, database);
  }

  /** Stops the worker (its RPC queue stays, as when every replica is down). */
  async stop(): Promise<void> {
    const app = this.app;
    this.app = undefined;
    await app?.close();
  }

  /** Stops the worker and drops its database. */
  async close(): Promise<void> {
    await this.stop();
    await this.database.drop();
  }
}

/** Deletes the broker objects the gateway and the worker declared under `prefix`. */
export async function deleteBrokerObjects(prefix: string): Promise<void> {
  const names = new TopologyNames({ namePrefix: prefix });
  const workQueues = ['trigger-requested', 'job-status'].map((purpose) => names.workQueue('trigger-worker', purpose));
  const queues = [
    ...workQueues.flatMap((queue) => [
      queue,
      deadLetterQueueName(queue),
      suspectQueueName(queue),
      ...DEFAULT_RETRY_DELAYS_MS.map((delay) => retryQueueName(queue, delay)),
    ]),
    names.rpcQueue('trigger-worker'),
    names.rpcQueue('api-gateway'),
  ];
  const connection = await amqp.connect(testServiceUrls().amqpUrl);
  try {
    const channel = await connection.createChannel();
    channel.on('error', () => undefined);
    for (const queue of queues) await channel.deleteQueue(queue).catch(() => undefined);
    await channel.deleteExchange(names.exchange).catch(() => undefined);
  } finally {
    await connection.close().catch(() => undefined);
  }
}
