import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { MessagingModule } from '@herald/messaging';
import { ObservabilityModule } from '@herald/observability';
import { PersistenceModule } from '@herald/persistence';
import { AdmissionModule } from './admission/admission.module';
import { AdminModule } from './admin/admin.module';
import { AttachmentsModule } from './attachments/attachments.module';
import { ApiKeyCache } from './auth/api-key.cache';
import { ApiKeyCacheInvalidationListener } from './auth/api-key-cache-invalidation.listener';
import { ApiKeyGuard } from './auth/api-key.guard';
import { ApiKeyRepository } from './auth/api-key.repository';
import { GATEWAY_CONFIG, GatewayConfig } from './config/gateway.config';
import { DevSeedService } from './dev-seed/dev-seed.service';
import { EventsModule } from './events/events.module';
import { EnvironmentsController } from './environments/environments.controller';
import { HttpExceptionFilter } from './errors/http-exception.filter';
import { GatewayOutboxRelay } from './outbox/gateway-outbox.relay';
import { GATEWAY_SCHEMA, gatewayMigrations } from './persistence/gateway-migrations';
import { REDIS, RedisLifecycle, redisProvider } from './redis/redis.provider';
import { InboxModule } from './inbox/inbox.module';
import { IntegrationsModule } from './integrations/integrations.module';
import { TenantsModule } from './tenants/tenants.module';
import { WorkflowsModule } from './workflows/workflows.module';
import { WorkerRpcModule } from './worker-rpc/worker-rpc.module';
import { CancelModule } from './cancel/cancel.module';
import { SubscribersModule } from './subscribers/subscribers.module';
import { TopicsModule } from './topics/topics.module';
import { NotificationsModule } from './notifications/notifications.module';
import { MessagesModule } from './messages/messages.module';

@Module({})
export class AppModule {
  static forConfig(config: GatewayConfig): DynamicModule {
    return {
      module: AppModule,
      // Global so feature modules' controllers can use ApiKeyGuard and share one ApiKeyCache.
      global: true,
      imports: [
        ObservabilityModule.forRoot({ service: 'api-gateway' }),
        MessagingModule.forService('api-gateway', config),
        PersistenceModule.forRootAsync({
          useFactory: () => ({
            databaseUrl: config.DATABASE_URL,
            schema: GATEWAY_SCHEMA,
            migrations: gatewayMigrations,
            poolSize: config.DB_POOL_SIZE,
            applicationName: 'api-gateway',
          }),
        }),
        WorkflowsModule,
        TenantsModule,
        // Rate limit and idempotency, admitted by the API-key guard in one Redis round trip.
        AdmissionModule,
        AttachmentsModule,
        EventsModule,
        IntegrationsModule,
        AdminModule,
        InboxModule,
        // Routes whose data lives in trigger-worker, reached over RPC.
        WorkerRpcModule,
        CancelModule,
        SubscribersModule,
        TopicsModule,
        NotificationsModule,
        MessagesModule,
      ],
      controllers: [EnvironmentsController],
      providers: [
        { provide: GATEWAY_CONFIG, useValue: config },
        { provide: APP_FILTER, useClass: HttpExceptionFilter },
        redisProvider,
        RedisLifecycle,
        ApiKeyRepository,
        ApiKeyCache,
        ApiKeyCacheInvalidationListener,
        ApiKeyGuard,
        GatewayOutboxRelay,
        DevSeedService,
      ],
      exports: [GATEWAY_CONFIG, REDIS, ApiKeyRepository, ApiKeyCache, ApiKeyGuard, AdmissionModule],
    };
  }
}
