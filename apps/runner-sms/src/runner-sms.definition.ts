import type { RunnerDefinition } from '@herald/runner-kit';

import { messagebirdProvider } from './providers/messagebird.provider';
import { nexmoProvider } from './providers/nexmo.provider';
import { plivoProvider } from './providers/plivo.provider';
import { smsWebhookProvider } from './providers/sms-webhook.provider';
import { snsProvider } from './providers/sns.provider';
import { twilioProvider } from './providers/twilio.provider';

/** runner-sms: Twilio, Vonage (`nexmo`), Plivo, Amazon SNS, MessageBird and Herald's generic SMS webhook. */
export const smsRunner: RunnerDefinition = {
  channel: 'sms',
  providers: [
    twilioProvider(),
    nexmoProvider(),
    plivoProvider(),
    snsProvider(),
    messagebirdProvider(),
    smsWebhookProvider(),
  ],
};
