import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ObservabilityModule } from '@herald/observability';
import { PersistenceModule } from '@herald/persistence';
import { ApiKeyCache } from './auth/api-key.cache';
import { ApiKeyGuard } from './auth/api-key.guard';
import { ApiKeyRepository } from './auth/api-key.repository';
import { GATEWAY_CONFIG, GatewayConfig } from './config/gateway.config';
import { DevSeedService } from './dev-seed/dev-seed.service';
import { EnvironmentsController } from './environments/environments.controller';
import { HttpExceptionFilter } from './errors/http-exception.filter';
import { GATEWAY_SCHEMA, gatewayMigrations } from './persistence/gateway-migrations';
import { RedisLifecycle, redisProvider } from './redis/redis.provider';

@Module({})
export class AppModule {
  static forConfig(config: GatewayConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ObservabilityModule.forRoot({ service: 'api-gateway' }),
        PersistenceModule.forRootAsync({
          useFactory: () => ({
            databaseUrl: config.DATABASE_URL,
            schema: GATEWAY_SCHEMA,
            migrations: gatewayMigrations,
            poolSize: config.DB_POOL_SIZE,
            applicationName: 'api-gateway',
          }),
        }),
      ],
      controllers: [EnvironmentsController],
      providers: [
        { provide: GATEWAY_CONFIG, useValue: config },
        { provide: APP_FILTER, useClass: HttpExceptionFilter },
        redisProvider,
        RedisLifecycle,
        ApiKeyRepository,
        ApiKeyCache,
        ApiKeyGuard,
        DevSeedService,
      ],
    };
  }
}
