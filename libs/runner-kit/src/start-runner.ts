import 'reflect-metadata';
import { bootstrapService, runService } from '@herald/observability';
import { RUNNER_CHANNELS, runnerConfig, RunnerChannel } from './runner-config';
import { RunnerModule } from './runner.module';

/** A runner app's main: load and validate its config, then boot the runner process. */
export function startRunner(channel: RunnerChannel): void {
  runService(async () => {
    const config = runnerConfig(channel).load();
    await bootstrapService(RunnerModule.forChannel(channel, config), {
      service: RUNNER_CHANNELS[channel].app,
      port: config.HTTP_PORT,
      logLevel: config.LOG_LEVEL,
      shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    });
  });
}
