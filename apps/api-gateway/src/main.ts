import 'reflect-metadata';

import { bootstrapService, runService } from '@herald/observability';

import { AppModule } from './app.module';
import { gatewayConfig } from './core/config/gateway.config';
import { gatewayHttp } from './pipeline/configure-gateway-http';

runService(async () => {
  const config = gatewayConfig.load();
  await bootstrapService(AppModule.forConfig(config), {
    service: 'api-gateway',
    port: config.HTTP_PORT,
    logLevel: config.LOG_LEVEL,
    shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    ...gatewayHttp(config),
  });
});
