import { Messaging } from '@herald/messaging';
import { JsonLogger } from '@herald/observability';
import { DATA_SOURCE } from '@herald/persistence';
import { createTestDatabase, TestDatabase, TestS3Server, testServiceUrls, uniqueTestPrefix } from '@herald/testing';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import * as amqp from 'amqplib';
import { Client } from 'minio';
import { DataSource } from 'typeorm';

import { AppModule } from '../../src/app.module';
import { AttachmentConfig, attachmentConfig } from '../../src/config/attachment.config';
import { OBJECT_STORAGE } from '../../src/storage/object-storage.provider';

/** attachment-service booted in-process (one replica). */
export interface AttachmentServiceTestApp {
  app: INestApplicationContext;
  config: AttachmentConfig;
  database: TestDatabase;
  dataSource: DataSource;
  /** The service's own S3 client (for inspecting objects). */
  storage: Client;
  /** Stops the replica; drops the database when this replica created it. */
  close(): Promise<void>;
}

/** Where a replica runs; omit `database` to get a fresh one, pass another replica's to share it. */
export interface AttachmentServiceTestOptions {
  s3: TestS3Server;
  brokerPrefix: string;
  bucket: string;
  database?: TestDatabase;
  env?: Record<string, string>;
}

/** A bucket name unique to one suite (S3 names: lower-case letters, digits, hyphens). */
export function uniqueTestBucket(label: string): string {
  return uniqueTestPrefix(label).replace(/_/g, '-');
}

/**
 * Boots the real attachment-service module against its own database, the given S3 server and
 * broker prefix. The sweeper's timer is off: tests call `AttachmentSweeper.sweep(now)` themselves.
 */
export async function startAttachmentServiceTestApp(
  options: AttachmentServiceTestOptions,
): Promise<AttachmentServiceTestApp> {
  const ownsDatabase = !options.database;
  const database = options.database ?? (await createTestDatabase('attachments'));
  const config = attachmentConfig.load({
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    DATABASE_URL: database.url,
    AMQP_URL: testServiceUrls().amqpUrl,
    DB_POOL_SIZE: '3',
    BROKER_NAME_PREFIX: options.brokerPrefix,
    HTTP_PORT: '0',
    S3_ENDPOINT: options.s3.endpoint,
    S3_ACCESS_KEY: options.s3.accessKey,
    S3_SECRET_KEY: options.s3.secretKey,
    S3_REGION: options.s3.region,
    S3_BUCKET: options.bucket,
    ATTACHMENT_SWEEP_INTERVAL_MS: '0',
    ...options.env,
  });
  const app = await NestFactory.createApplicationContext(AppModule.forConfig(config), {
    logger: new JsonLogger('attachment-service', 'warn'),
  });
  await app.init();
  // Ready = the RPC server consumes its queue; before that a call would be unroutable.
  await app.get(Messaging).waitUntilReady(10_000);
  return {
    app,
    config,
    database,
    dataSource: app.get<DataSource>(DATA_SOURCE),
    storage: app.get<Client>(OBJECT_STORAGE),
    close: async () => {
      await app.close();
      if (ownsDatabase) await database.drop();
    },
  };
}

/** Deletes a suite's RPC queues (durable quorum queues outlive the apps that declared them). */
export async function deleteRpcQueues(brokerPrefix: string, services: readonly string[]): Promise<void> {
  const model = await amqp.connect(testServiceUrls().amqpUrl);
  try {
    const channel = await model.createChannel();
    channel.on('error', () => undefined);
    for (const service of services) await channel.deleteQueue(`${brokerPrefix}.${service}.rpc`).catch(() => undefined);
  } finally {
    await model.close().catch(() => undefined);
  }
}
