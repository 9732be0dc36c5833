import { MessagingModule } from '@herald/messaging';
import { ObservabilityModule } from '@herald/observability';
import { PersistenceModule } from '@herald/persistence';
import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE, DiscoveryModule } from '@nestjs/core';

import { GatewayOutboxRelay } from './adapters/broker/outbox/gateway-outbox.relay';
import { GATEWAY_SCHEMA, gatewayMigrations } from './adapters/postgres/gateway-migrations';
import { REDIS, RedisLifecycle, redisProvider } from './adapters/redis/redis.provider';
import { WorkerRpcModule } from './adapters/trigger-worker-rpc/worker-rpc.module';
import { GATEWAY_CONFIG, GatewayConfig } from './core/config/gateway.config';
import { AdminModule } from './features/admin/admin.module';
import { DevSeedRepository } from './features/admin/dev-seed.repository';
import { DevSeedService } from './features/admin/dev-seed.service';
import { AttachmentsModule } from './features/attachments/attachments.module';
import { CancelModule } from './features/cancel/cancel.module';
import { EnvironmentsModule } from './features/environments/environments.module';
import { EventsModule } from './features/events/events.module';
import { ExecutionDetailsModule } from './features/execution-details/execution-details.module';
import { InboxModule } from './features/inbox/inbox.module';
import { InboxRealtimeModule } from './features/inbox-realtime/inbox-realtime.module';
import { IntegrationsModule } from './features/integrations/integrations.module';
import { LayoutsModule } from './features/layouts';
import { MessagesModule } from './features/messages/messages.module';
import { NotificationTemplatesModule } from './features/notification-templates/notification-templates.module';
import { NotificationsModule } from './features/notifications/notifications.module';
import { SubscribersModule } from './features/subscribers/subscribers.module';
import { TenantsModule } from './features/tenants/tenants.module';
import { TopicsModule } from './features/topics/topics.module';
import { WorkflowsModule } from './features/workflows/workflows.module';
import { AdmissionModule } from './pipeline/admission/admission.module';
import { ApiKeyAuthenticator } from './pipeline/authentication/api-key.authenticator';
import { ApiKeyCache } from './pipeline/authentication/api-key.cache';
import { ApiKeyGuard } from './pipeline/authentication/api-key.guard';
import { ApiKeyRepository } from './pipeline/authentication/api-key.repository';
import { ApiKeyCacheInvalidationListener } from './pipeline/authentication/api-key-cache-invalidation.listener';
import { FailedAuthLimiter } from './pipeline/authentication/failed-auth.limiter';
import { InboxSessionTokens } from './pipeline/authentication/inbox-session.token';
import { InboxTokenGuard } from './pipeline/authentication/inbox-token.guard';
import { HttpExceptionFilter } from './pipeline/errors/http-exception.filter';
import { SafePathParamsPipe } from './pipeline/validation/safe-path-params.pipe';

@Module({})
export class AppModule {
  static forConfig(config: GatewayConfig): DynamicModule {
    return {
      module: AppModule,
      // Global so feature modules' controllers can use ApiKeyGuard and share one ApiKeyCache.
      global: true,
      imports: [
        // The authentication hook finds the API-key routes from their guards' metadata.
        DiscoveryModule,
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
        EnvironmentsModule,
        WorkflowsModule,
        NotificationTemplatesModule,
        LayoutsModule,
        TenantsModule,
        // Rate limit and idempotency, admitted by the API-key guard in one Redis round trip.
        AdmissionModule,
        AttachmentsModule,
        EventsModule,
        IntegrationsModule,
        AdminModule,
        InboxModule,
        // Novu's socket.io realtime inbox on this server's port, at /socket.io/ (decision 0035).
        InboxRealtimeModule,
        // Routes whose data lives in trigger-worker, reached over RPC.
        WorkerRpcModule,
        CancelModule,
        SubscribersModule,
        TopicsModule,
        NotificationsModule,
        ExecutionDetailsModule,
        MessagesModule,
      ],
      providers: [
        { provide: GATEWAY_CONFIG, useValue: config },
        { provide: APP_FILTER, useClass: HttpExceptionFilter },
        { provide: APP_PIPE, useClass: SafePathParamsPipe },
        redisProvider,
        RedisLifecycle,
        ApiKeyRepository,
        ApiKeyCache,
        ApiKeyCacheInvalidationListener,
        FailedAuthLimiter,
        ApiKeyAuthenticator,
        ApiKeyGuard,
        {
          provide: InboxSessionTokens,
          useFactory: (gateway: GatewayConfig) =>
            new InboxSessionTokens(gateway.INBOX_SESSION_SECRET, gateway.INBOX_SESSION_SECRET_PREVIOUS),
          inject: [GATEWAY_CONFIG],
        },
        InboxTokenGuard,
        GatewayOutboxRelay,
        DevSeedRepository,
        DevSeedService,
      ],
      exports: [
        GATEWAY_CONFIG,
        REDIS,
        ApiKeyRepository,
        ApiKeyCache,
        ApiKeyAuthenticator,
        ApiKeyGuard,
        InboxSessionTokens,
        InboxTokenGuard,
        FailedAuthLimiter,
        AdmissionModule,
      ],
    };
  }
}
