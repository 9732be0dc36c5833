import { ConfigOf, defineConfig, serviceVariables } from '@herald/config';

/** The delivery channels that have a runner; each is its own app, queue and schema. */
export const RUNNER_CHANNELS = {
  email: { app: 'runner-email', schema: 'runner_email', defaultPort: 3003 },
  sms: { app: 'runner-sms', schema: 'runner_sms', defaultPort: 3004 },
  push: { app: 'runner-push', schema: 'runner_push', defaultPort: 3005 },
  chat: { app: 'runner-chat', schema: 'runner_chat', defaultPort: 3006 },
  in_app: { app: 'runner-in-app', schema: 'runner_in_app', defaultPort: 3007 },
} as const;

export type RunnerChannel = keyof typeof RUNNER_CHANNELS;

/** A runner's configuration definition (the variables every runner shares). */
export function runnerConfig(channel: RunnerChannel) {
  const { app, defaultPort } = RUNNER_CHANNELS[channel];
  return defineConfig(app, { ...serviceVariables(defaultPort) });
}

export type RunnerConfig = ConfigOf<ReturnType<typeof runnerConfig>>;
export const RUNNER_CONFIG = Symbol('RUNNER_CONFIG');
