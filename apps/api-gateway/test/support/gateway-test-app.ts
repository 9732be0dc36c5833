import { randomBytes } from 'node:crypto';
import { AddressInfo } from 'node:net';

import { createServiceApp } from '@herald/observability';
import { DATA_SOURCE } from '@herald/persistence';
import { createTestDatabase, TestDatabase, testServiceUrls, uniqueTestPrefix } from '@herald/testing';
import { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { AppModule } from '../../src/app.module';
import { GatewayConfig, gatewayConfig } from '../../src/core/config/gateway.config';
import { ApiKeyHasher } from '../../src/pipeline/authentication/api-key-hasher';
import { gatewayHttp } from '../../src/pipeline/configure-gateway-http';
import { adminListenerUrl } from '../../src/pipeline/http/admin-listener';

/** An environment with a working API key, as tests use them. */
export interface TestEnvironment {
  apiKey: string;
  environmentId: string;
  organizationId: string;
}

/** The gateway booted in-process on a random port against its own database and broker prefix. */
export interface GatewayTestApp {
  app: INestApplication;
  baseUrl: string;
  /** The operator listener (`/admin/*`, `/metrics`) on its own free port. */
  adminUrl: string;
  config: GatewayConfig;
  database: TestDatabase;
  dataSource: DataSource;
  /** An environment created at start. */
  environment: TestEnvironment;
  /** Creates another organization + environment with its own key (for isolation tests). */
  createEnvironment(name?: string): Promise<TestEnvironment>;
  close(): Promise<void>;
}

/** Another replica of a running test gateway: same database, broker prefix and configuration (plus `env`). */
export interface GatewayTestReplica {
  app: INestApplication;
  baseUrl: string;
  /** The operator listener (`/admin/*`, `/metrics`) on its own free port. */
  adminUrl: string;
  /** Stops this replica only; the database belongs to the first one. */
  close(): Promise<void>;
}

/** Boots a second gateway process-in-process beside `primary`, as a second replica behind one load balancer. */
export async function startGatewayReplica(
  primary: GatewayTestApp,
  env: Record<string, string> = {},
): Promise<GatewayTestReplica> {
  const config = gatewayConfig.load({
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    DATABASE_URL: primary.config.DATABASE_URL,
    AMQP_URL: primary.config.AMQP_URL,
    REDIS_URL: primary.config.REDIS_URL,
    DB_POOL_SIZE: '3',
    BROKER_NAME_PREFIX: primary.config.BROKER_NAME_PREFIX,
    HTTP_PORT: '0',
    ADMIN_HTTP_PORT: '0',
    ...env,
  });
  const app = await createServiceApp(AppModule.forConfig(config), {
    service: 'api-gateway',
    logLevel: 'warn',
    ...gatewayHttp(config),
  });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  const adminUrl = adminListenerUrl(app.getHttpAdapter().getInstance());
  return { app, baseUrl: `http://127.0.0.1:${port}`, adminUrl, close: () => app.close() };
}

/** Boots the real gateway module exactly as main.ts does (Fastify, HTTP setup); `env` overrides configuration. */
export async function startGatewayTestApp(env: Record<string, string> = {}): Promise<GatewayTestApp> {
  const database = await createTestDatabase('gateway');
  const urls = testServiceUrls();
  const config = gatewayConfig.load({
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    DATABASE_URL: database.url,
    AMQP_URL: urls.amqpUrl,
    REDIS_URL: urls.redisUrl,
    DB_POOL_SIZE: '3',
    BROKER_NAME_PREFIX: uniqueTestPrefix('gw'),
    HTTP_PORT: '0',
    ADMIN_HTTP_PORT: '0',
    ...env,
  });
  const app = await createServiceApp(AppModule.forConfig(config), {
    service: 'api-gateway',
    logLevel: 'warn',
    ...gatewayHttp(config),
  });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  const dataSource = app.get<DataSource>(DATA_SOURCE);
  const hasher = new ApiKeyHasher(config.API_KEY_HMAC_SECRET);

  async function createEnvironment(name = 'Test'): Promise<TestEnvironment> {
    const apiKey = `hk_test_${randomBytes(16).toString('hex')}`;
    const [organization] = await dataSource.query('INSERT INTO gateway.organizations (name) VALUES ($1) RETURNING id', [
      `${name} org`,
    ]);
    const [environment] = await dataSource.query(
      'INSERT INTO gateway.environments (organization_id, name, identifier) VALUES ($1, $2, $3) RETURNING id',
      [organization.id, name, uniqueTestPrefix('env')],
    );
    await dataSource.query('INSERT INTO gateway.api_keys (environment_id, key_hash, key_hint) VALUES ($1, $2, $3)', [
      environment.id,
      hasher.hash(apiKey),
      ApiKeyHasher.hint(apiKey),
    ]);
    return { apiKey, environmentId: environment.id, organizationId: organization.id };
  }

  const environment = await createEnvironment();
  return {
    app,
    baseUrl: `http://127.0.0.1:${port}`,
    adminUrl: adminListenerUrl(app.getHttpAdapter().getInstance()),
    config,
    database,
    dataSource,
    environment,
    createEnvironment,
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}
