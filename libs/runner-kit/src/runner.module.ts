import path from 'node:path';

import { isTestableChannel, RunnerCredentialsSeal } from '@herald/contracts';
import {
  Messaging,
  messagingMigrations,
  MessagingModule,
  nestMessagingLogger,
  poisonPolicyOf,
} from '@herald/messaging';
import { MetricsRegistry, ObservabilityModule } from '@herald/observability';
import { DATA_SOURCE, PersistenceModule } from '@herald/persistence';
import { TemplateRenderer } from '@herald/templating';
import { DynamicModule, Module, type Provider } from '@nestjs/common';
import type { DataSource } from 'typeorm';

import { AttachmentFetcher } from './attachments/attachment-fetcher';
import { DeliveryLog } from './delivery/delivery-log.repository';
import { OutcomeJournal } from './delivery/outcome-journal';
import { IntegrationDirectory } from './integrations/integration-directory';
import { createDeliveryLogMigration } from './migrations/delivery-log.migration';
import { createDeliveryLogLeaseMigration } from './migrations/delivery-log-lease.migration';
import { OutboundGuard } from './outbound/outbound-guard';
import { OutboundHttpClient } from './outbound/outbound-http.client';
import { DeliverJobUseCase } from './runner/deliver-job.usecase';
import { RUNNER_DEFINITION, RunnerLifecycle } from './runner/runner.lifecycle';
import type { RunnerDefinition } from './runner/runner-definition';
import { SEND_TEST_CHANNEL, SendTestRpcServer } from './runner/send-test.rpc-server';
import { SendTestUseCase } from './runner/send-test.usecase';
import { RUNNER_CHANNELS, RUNNER_CONFIG, RunnerConfig } from './runner-config';

/** The runner's opener of sealed credentials; a runner config without the key (in-app) has no directory to give it to. */
function runnerCredentialsSeal(config: RunnerConfig): RunnerCredentialsSeal {
  if (!config.RUNNER_CREDENTIALS_KEY) throw new Error("this runner's configuration has no RUNNER_CREDENTIALS_KEY");
  return new RunnerCredentialsSeal(config.RUNNER_CREDENTIALS_KEY, config.RUNNER_CREDENTIALS_KEY_PREVIOUS ?? []);
}

/** The console's "send test" (`integration.send-test.<channel>.v1`): runners that deliver through provider accounts only. */
function sendTestProviders(definition: RunnerDefinition, config: RunnerConfig): Provider[] {
  const channel = definition.channel;
  if (definition.builtinIntegration || !isTestableChannel(channel)) return [];
  return [
    { provide: SEND_TEST_CHANNEL, useValue: channel },
    {
      provide: SendTestUseCase,
      inject: [IntegrationDirectory, OutboundHttpClient],
      useFactory: (directory: IntegrationDirectory, http: OutboundHttpClient) =>
        new SendTestUseCase({
          channel,
          service: RUNNER_CHANNELS[channel].app,
          providers: definition.providers,
          directory,
          http,
          providerTimeoutMs: config.RUNNER_PROVIDER_TIMEOUT_MS,
        }),
    },
    SendTestRpcServer,
  ];
}

/**
 * Everything a channel runner process is made of besides its providers: health and metrics, its
 * own schema (`runner_<channel>`) with the outbox, ledger and delivery log, the broker, and the
 * runner loop (dispatch consumer, integrations, rendering, failover, recording).
 */
@Module({})
export class RunnerModule {
  static forChannel(definition: RunnerDefinition, config: RunnerConfig): DynamicModule {
    const { app, schema } = RUNNER_CHANNELS[definition.channel];
    return {
      module: RunnerModule,
      imports: [
        ObservabilityModule.forRoot({ service: app }),
        PersistenceModule.forRootAsync({
          useFactory: () => ({
            databaseUrl: config.DATABASE_URL,
            schema,
            migrations: [
              ...messagingMigrations(schema),
              createDeliveryLogMigration(schema),
              createDeliveryLogLeaseMigration(schema),
              ...(definition.migrations ?? []),
            ],
            poolSize: config.DB_POOL_SIZE,
            applicationName: app,
          }),
        }),
        MessagingModule.forRootAsync({
          inject: [MetricsRegistry],
          useFactory: (metrics: MetricsRegistry) => ({
            url: config.AMQP_URL,
            serviceName: app,
            exchange: config.BROKER_EXCHANGE,
            namePrefix: config.BROKER_NAME_PREFIX || undefined,
            rpcTimeoutMs: config.RUNNER_RPC_TIMEOUT_MS,
            metricsRegistry: metrics.registry,
            logger: nestMessagingLogger(),
            poison: poisonPolicyOf(config),
          }),
        }),
      ],
      providers: [
        { provide: RUNNER_CONFIG, useValue: config },
        { provide: RUNNER_DEFINITION, useValue: definition },
        { provide: OutboundGuard, useFactory: () => new OutboundGuard(config.RUNNER_OUTBOUND_ALLOWED_CIDRS) },
        {
          provide: OutboundHttpClient,
          inject: [OutboundGuard],
          useFactory: (guard: OutboundGuard) =>
            new OutboundHttpClient(guard, { timeoutMs: config.RUNNER_PROVIDER_TIMEOUT_MS, userAgent: `Herald ${app}` }),
        },
        { provide: TemplateRenderer, useFactory: () => new TemplateRenderer() },
        {
          provide: IntegrationDirectory,
          inject: [Messaging],
          // A runner with a built-in integration (in-app) fetches none, and holds no credentials key.
          useFactory: (messaging: Messaging) =>
            definition.builtinIntegration
              ? undefined
              : new IntegrationDirectory(messaging.rpc, {
                  channel: definition.channel,
                  cacheTtlMs: config.RUNNER_INTEGRATIONS_CACHE_TTL_MS,
                  rpcTimeoutMs: config.RUNNER_RPC_TIMEOUT_MS,
                  seal: runnerCredentialsSeal(config),
                }),
        },
        {
          provide: DeliveryLog,
          inject: [DATA_SOURCE, Messaging],
          useFactory: (dataSource: DataSource, messaging: Messaging) =>
            new DeliveryLog(dataSource, {
              schema,
              service: app,
              leaseMs: config.RUNNER_SEND_LEASE_MS,
              maxBatch: config.AMQP_PREFETCH,
              transactions: config.RUNNER_DELIVERY_TRANSACTIONS,
              publisher: messaging.publisher,
            }),
        },
        {
          provide: DeliverJobUseCase,
          inject: [DeliveryLog, IntegrationDirectory, TemplateRenderer, OutboundHttpClient, Messaging],
          useFactory: (
            log: DeliveryLog,
            directory: IntegrationDirectory | undefined,
            renderer: TemplateRenderer,
            http: OutboundHttpClient,
            messaging: Messaging,
          ) =>
            new DeliverJobUseCase({
              definition,
              service: app,
              log,
              directory,
              renderer,
              attachments: new AttachmentFetcher(messaging.rpc, {
                rpcTimeoutMs: config.RUNNER_RPC_TIMEOUT_MS,
                downloadTimeoutMs: config.RUNNER_PROVIDER_TIMEOUT_MS,
              }),
              http,
              providerTimeoutMs: config.RUNNER_PROVIDER_TIMEOUT_MS,
              recordRetryMs: Math.floor(config.RUNNER_SEND_LEASE_MS / 2),
              journal: config.RUNNER_OUTCOME_JOURNAL_DIR
                ? OutcomeJournal.open(path.join(config.RUNNER_OUTCOME_JOURNAL_DIR, `${app}.journal`))
                : undefined,
            }),
        },
        RunnerLifecycle,
        ...sendTestProviders(definition, config),
        ...(definition.nestProviders ?? []),
      ],
    };
  }
}
