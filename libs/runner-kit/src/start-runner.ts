import 'reflect-metadata';

import { bootstrapService, runService } from '@herald/observability';

import { RunnerModule } from './runner.module';
import type { RunnerDefinition } from './runner/runner-definition';
import { RUNNER_CHANNELS, runnerConfig } from './runner-config';

/** A runner app's main: load and validate its config, then boot the runner process. */
export function startRunner(definition: RunnerDefinition): void {
  runService(async () => {
    const config = runnerConfig(definition.channel).load();
    await bootstrapService(RunnerModule.forChannel(definition, config), {
      service: RUNNER_CHANNELS[definition.channel].app,
      port: config.HTTP_PORT,
      logLevel: config.LOG_LEVEL,
      shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    });
  });
}
