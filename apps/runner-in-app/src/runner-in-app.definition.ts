import type { RunnerDefinition } from '@herald/runner-kit';

/** runner-in-app: the in_app channel's providers and wiring. */
export const inAppRunner: RunnerDefinition = {
  channel: 'in_app',
  providers: [],
};
