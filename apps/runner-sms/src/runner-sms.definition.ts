import type { RunnerDefinition } from '@herald/runner-kit';

import { smsWebhookProvider } from './providers/sms-webhook.provider';
import { twilioProvider } from './providers/twilio.provider';

/** runner-sms: Twilio and Herald's generic SMS webhook. */
export const smsRunner: RunnerDefinition = {
  channel: 'sms',
  providers: [twilioProvider(), smsWebhookProvider()],
};
