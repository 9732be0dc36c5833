import 'reflect-metadata';

import { bootstrapService, runService } from '@herald/observability';

import { AppModule } from './app.module';
import { attachmentConfig } from './config/attachment.config';

runService(async () => {
  const config = attachmentConfig.load();
  await bootstrapService(AppModule.forConfig(config), {
    service: 'attachment-service',
    port: config.HTTP_PORT,
    logLevel: config.LOG_LEVEL,
    shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
  });
});
