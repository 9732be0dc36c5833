import type { RunnerDefinition } from '@herald/runner-kit';

import { discordProvider } from './providers/discord.provider';
import { msteamsProvider } from './providers/msteams.provider';
import { slackProvider } from './providers/slack.provider';
import { telegramProvider } from './providers/telegram.provider';

/** runner-chat: Slack, Discord and Microsoft Teams incoming webhooks, and Telegram's Bot API. */
export const chatRunner: RunnerDefinition = {
  channel: 'chat',
  providers: [slackProvider(), discordProvider(), msteamsProvider(), telegramProvider()],
};
