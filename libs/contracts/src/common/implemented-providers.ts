import type { DeliveryChannel } from './channel.schema';

/**
 * The provider ids (Novu's) some runner delivers with, per channel: the gateway accepts
 * integrations of these only. Each runner's definition spec asserts that its providers are exactly
 * its channel's list here, so the catalog cannot drift from the runners (decision 0041).
 */
export const IMPLEMENTED_PROVIDERS: Readonly<Record<DeliveryChannel, readonly string[]>> = {
  email: ['nodemailer', 'sendgrid', 'ses', 'mailgun', 'postmark', 'resend', 'sendinblue', 'brevo'],
  sms: ['twilio', 'nexmo', 'plivo', 'sns', 'messagebird', 'sms-webhook'],
  push: ['fcm', 'apns', 'expo', 'push-webhook'],
  chat: ['slack', 'discord', 'msteams', 'telegram'],
  in_app: ['novu'],
};

/** The channel of an implemented provider, or undefined (unknown, or known to Novu but not implemented). */
export function channelOfImplementedProvider(providerId: string): DeliveryChannel | undefined {
  for (const [channel, ids] of Object.entries(IMPLEMENTED_PROVIDERS) as [DeliveryChannel, readonly string[]][]) {
    if (ids.includes(providerId)) return channel;
  }
  return undefined;
}
