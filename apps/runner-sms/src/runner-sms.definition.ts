import type { RunnerDefinition } from '@herald/runner-kit';

/** runner-sms: the sms channel's providers and wiring. */
export const smsRunner: RunnerDefinition = {
  channel: 'sms',
  providers: [],
};
