import { DynamicModule, Module } from '@nestjs/common';
import { MetricsRegistry, ObservabilityModule } from '@herald/observability';
import { createMessagingTablesMigration, Messaging, MessagingModule } from '@herald/messaging';
import { PersistenceModule } from '@herald/persistence';
import { createDeliveryLogMigration } from './migrations/delivery-log.migration';
import { RUNNER_CHANNELS, RUNNER_CONFIG, RunnerChannel, RunnerConfig } from './runner-config';
import { RunnerTopology } from './runner-topology';

/**
 * Everything a channel runner process is made of besides its providers: health and metrics, its
 * own schema (`runner_<channel>`) with the outbox, ledger and delivery log, and the broker.
 */
@Module({})
export class RunnerModule {
  static forChannel(channel: RunnerChannel, config: RunnerConfig): DynamicModule {
    const { app, schema } = RUNNER_CHANNELS[channel];
    return {
      module: RunnerModule,
      imports: [
        ObservabilityModule.forRoot({ service: app }),
        PersistenceModule.forRootAsync({
          useFactory: () => ({
            databaseUrl: config.DATABASE_URL,
            schema,
            migrations: [createMessagingTablesMigration(schema), createDeliveryLogMigration(schema)],
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
            metricsRegistry: metrics.registry,
          }),
        }),
      ],
      providers: [{ provide: RUNNER_CONFIG, useValue: config }, { provide: RunnerTopology, inject: [Messaging], useFactory: (messaging: Messaging) => new RunnerTopology(channel, messaging) }],
    };
  }
}
