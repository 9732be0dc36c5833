import type { RunnerDefinition } from '@herald/runner-kit';

/** runner-chat: the chat channel's providers and wiring. */
export const chatRunner: RunnerDefinition = {
  channel: 'chat',
  providers: [],
};
