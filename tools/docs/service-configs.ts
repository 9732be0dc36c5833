import { gatewayConfig } from '../../apps/api-gateway/src/core/config/gateway.config';
import { attachmentConfig } from '../../apps/attachment-service/src/config/attachment.config';
import { workerConfig } from '../../apps/trigger-worker/src/platform/config/worker.config';
import { RUNNER_CHANNELS, RunnerChannel, runnerConfig } from '../../libs/runner-kit/src/runner-config';

/** Every service's configuration definition, for generated docs. */
export const SERVICE_CONFIGS = [
  gatewayConfig,
  attachmentConfig,
  workerConfig,
  ...(Object.keys(RUNNER_CHANNELS) as RunnerChannel[]).map((channel) => runnerConfig(channel)),
];
