import { Messaging } from '@herald/messaging';
import { JsonLogger, MetricsRegistry } from '@herald/observability';
import { DATA_SOURCE } from '@herald/persistence';
import {
  createTestDatabase,
  expectEventually,
  type TestDatabase,
  testServiceUrls,
  uniqueTestPrefix,
} from '@herald/testing';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { DataSource } from 'typeorm';

import { AppModule } from '../../src/app.module';
import { type WorkerConfig, workerConfig } from '../../src/platform/config/worker.config';
import type { WorkerSettings } from '../../src/platform/config/worker-settings';
import { TestBroker } from './test-broker';

/** Fast timers for tests: short retry back-off, a scheduler that polls often. */
export const TEST_SETTINGS: Partial<WorkerSettings> = {
  retryBaseDelayMs: 20,
  retryMaxDelayMs: 100,
  schedulerPollIntervalMs: 200,
};

/** One worker process, booted in-process with the real AppModule. */
export interface WorkerInstance {
  app: INestApplication;
  messaging: Messaging;
  dataSource: DataSource;
  /** Base URL of its health/metrics port (when started with `http`). */
  baseUrl?: string;
  close(): Promise<void>;
}

/**
 * A suite's own world: a fresh database and broker name prefix, a test client on the broker
 * (the gateway's and the runners' side), and any number of worker instances sharing both.
 */
export class WorkerTestHarness {
  readonly instances: WorkerInstance[] = [];
  private constructor(
    readonly database: TestDatabase,
    readonly prefix: string,
    readonly config: WorkerConfig,
    readonly broker: TestBroker,
  ) {}

  static async create(label: string): Promise<WorkerTestHarness> {
    const database = await createTestDatabase(label);
    const prefix = uniqueTestPrefix(label);
    const urls = testServiceUrls();
    const config = workerConfig.load({
      NODE_ENV: 'test',
      LOG_LEVEL: 'error',
      DATABASE_URL: database.url,
      AMQP_URL: urls.amqpUrl,
      DB_POOL_SIZE: '4',
      BROKER_NAME_PREFIX: prefix,
      HTTP_PORT: '0',
    });
    const broker = await TestBroker.connect(urls.amqpUrl, prefix);
    return new WorkerTestHarness(database, prefix, config, broker);
  }

  /** Boots another worker instance and waits until it consumes. */
  async start(options: { settings?: Partial<WorkerSettings>; http?: boolean } = {}): Promise<WorkerInstance> {
    const app = await NestFactory.create(AppModule.forConfig(this.config, { ...TEST_SETTINGS, ...options.settings }), {
      logger: new JsonLogger('trigger-worker', 'error'),
    });
    app.enableShutdownHooks();
    let baseUrl: string | undefined;
    if (options.http) {
      await app.listen(0, '127.0.0.1');
      const address = app.getHttpServer().address() as { port: number };
      baseUrl = `http://127.0.0.1:${address.port}`;
    } else {
      await app.init();
    }
    const messaging = app.get(Messaging);
    await expectEventually(() => expect(messaging.isReady()).toBe(true), { timeoutMs: 15_000 });
    const instance: WorkerInstance = {
      app,
      messaging,
      dataSource: app.get<DataSource>(DATA_SOURCE),
      baseUrl,
      close: async () => {
        this.instances.splice(this.instances.indexOf(instance), 1);
        await app.close();
      },
    };
    this.instances.push(instance);
    return instance;
  }

  /** Any live instance's data source (for assertions). */
  get db(): DataSource {
    const instance = this.instances[0];
    if (!instance) throw new Error('no worker instance is running');
    return instance.dataSource;
  }

  /** Closes every instance, removes the suite's broker objects and drops its database. */
  async close(): Promise<void> {
    for (const instance of [...this.instances]) await instance.close();
    await this.broker.close();
    await this.database.drop();
  }
}

/** Deliveries an instance's consumer of `purpose` acked (read from its metrics). */
export async function ackedCount(instance: WorkerInstance, purpose: string): Promise<number> {
  const registry = instance.app.get(MetricsRegistry).registry;
  const queue = instance.messaging.names.workQueue('trigger-worker', purpose);
  const metric = await registry.getSingleMetric('herald_messages_consumed_total')?.get();
  return metric?.values.find((value) => value.labels.queue === queue && value.labels.outcome === 'acked')?.value ?? 0;
}
