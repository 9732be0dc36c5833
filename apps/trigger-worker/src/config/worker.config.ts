import { ConfigOf, defineConfig, serviceVariables } from '@herald/config';

/** trigger-worker's configuration: the only reader of process.env in this app. */
export const workerConfig = defineConfig('trigger-worker', {
  ...serviceVariables(3002),
});

export type WorkerConfig = ConfigOf<typeof workerConfig>;
export const WORKER_CONFIG = Symbol('WORKER_CONFIG');
