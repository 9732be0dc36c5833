import type { RunnerDefinition } from '@herald/runner-kit';

import { apnsProvider } from './providers/apns.provider';
import { expoProvider } from './providers/expo.provider';
import { fcmProvider } from './providers/fcm.provider';
import { pushWebhookProvider } from './providers/push-webhook.provider';

/** runner-push: FCM HTTP v1, APNs (HTTP/2, token auth), Expo and the generic push webhook. */
export const pushRunner: RunnerDefinition = {
  channel: 'push',
  providers: [fcmProvider(), apnsProvider(), expoProvider(), pushWebhookProvider()],
};
