import 'reflect-metadata';

import { bootstrapService, runService } from '@herald/observability';

import { AppModule } from './app.module';
import { workerConfig } from './platform/config/worker.config';

runService(async () => {
  const config = workerConfig.load();
  await bootstrapService(AppModule.forConfig(config), {
    service: 'trigger-worker',
    port: config.HTTP_PORT,
    logLevel: config.LOG_LEVEL,
    shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
  });
});
