import type { RunnerDefinition } from '@herald/runner-kit';

import { expoProvider } from './providers/expo.provider';
import { fcmProvider } from './providers/fcm.provider';
import { pushWebhookProvider } from './providers/push-webhook.provider';

/** runner-push: FCM HTTP v1, Expo and the generic push webhook. */
export const pushRunner: RunnerDefinition = {
  channel: 'push',
  providers: [fcmProvider(), expoProvider(), pushWebhookProvider()],
};
