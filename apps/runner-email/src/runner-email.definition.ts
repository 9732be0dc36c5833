import type { RunnerDefinition } from '@herald/runner-kit';

/** runner-email: the email channel's providers and wiring. */
export const emailRunner: RunnerDefinition = {
  channel: 'email',
  providers: [],
};
