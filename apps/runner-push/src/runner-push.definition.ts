import type { RunnerDefinition } from '@herald/runner-kit';

/** runner-push: the push channel's providers and wiring. */
export const pushRunner: RunnerDefinition = {
  channel: 'push',
  providers: [],
};
