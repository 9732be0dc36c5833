import { DeliveryChannel } from '@herald/contracts';

/**
 * The providers an integration may name (Novu's provider ids, plus Herald's generic webhooks) and
 * the channel each delivers on. Runners decide which of them they can actually drive.
 */
export const PROVIDER_CHANNELS: Readonly<Record<string, DeliveryChannel>> = {
  // email
  nodemailer: 'email',
  sendgrid: 'email',
  mailgun: 'email',
  ses: 'email',
  postmark: 'email',
  resend: 'email',
  mailjet: 'email',
  mandrill: 'email',
  sparkpost: 'email',
  sendinblue: 'email',
  brevo: 'email',
  mailersend: 'email',
  'infobip-email': 'email',
  'email-webhook': 'email',
  'novu-email': 'email',
  // sms
  twilio: 'sms',
  sns: 'sms',
  plivo: 'sms',
  nexmo: 'sms',
  messagebird: 'sms',
  telnyx: 'sms',
  sinch: 'sms',
  termii: 'sms',
  'africas-talking': 'sms',
  'infobip-sms': 'sms',
  'azure-sms': 'sms',
  'sms-webhook': 'sms',
  'novu-sms': 'sms',
  // push
  fcm: 'push',
  apns: 'push',
  expo: 'push',
  'one-signal': 'push',
  'pusher-beams': 'push',
  'push-webhook': 'push',
  // chat
  slack: 'chat',
  discord: 'chat',
  msteams: 'chat',
  mattermost: 'chat',
  'rocket-chat': 'chat',
  telegram: 'chat',
  'whatsapp-business': 'chat',
  'chat-webhook': 'chat',
  // in-app
  novu: 'in_app',
};

/** The channel of a known provider, or undefined. */
export function channelOfProvider(providerId: string): DeliveryChannel | undefined {
  return Object.hasOwn(PROVIDER_CHANNELS, providerId) ? PROVIDER_CHANNELS[providerId] : undefined;
}
