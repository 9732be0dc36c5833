import type { RunnerDefinition } from '@herald/runner-kit';

import { discordProvider } from './providers/discord.provider';
import { msteamsProvider } from './providers/msteams.provider';
import { slackProvider } from './providers/slack.provider';

/** runner-chat: Slack, Discord and Microsoft Teams incoming webhooks. */
export const chatRunner: RunnerDefinition = {
  channel: 'chat',
  providers: [slackProvider(), discordProvider(), msteamsProvider()],
};
