import { channelOfImplementedProvider, DeliveryChannel, IMPLEMENTED_PROVIDERS } from '@herald/contracts';

/**
 * Novu's provider ids (plus Herald's generic webhooks) and the channel each delivers on. Only the
 * ones in `IMPLEMENTED_PROVIDERS` are accepted; the others are known so that a refusal can name
 * their channel's supported providers, and so the migration can mark old integrations of them.
 */
export const NOVU_PROVIDER_CHANNELS: Readonly<Record<string, DeliveryChannel>> = {
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

/** The channel of a provider an integration may name (some runner implements it), or undefined. */
export function channelOfProvider(providerId: string): DeliveryChannel | undefined {
  return channelOfImplementedProvider(providerId);
}

/** True when some runner delivers with `providerId`. */
export function isImplementedProvider(providerId: string): boolean {
  return channelOfImplementedProvider(providerId) !== undefined;
}

/**
 * Why `providerId` is refused, naming the supported providers of its channel: the one Novu gives
 * it, else the one the request names, else every channel's.
 */
export function unsupportedProviderMessage(providerId: string, requestedChannel?: string): string {
  const novuChannel = Object.hasOwn(NOVU_PROVIDER_CHANNELS, providerId)
    ? NOVU_PROVIDER_CHANNELS[providerId]
    : undefined;
  const channel = novuChannel ?? (isChannel(requestedChannel) ? requestedChannel : undefined);
  const what = novuChannel ? 'is not implemented by Herald' : 'is not a known provider';
  if (channel) return `${what}; supported ${channel} providers: ${IMPLEMENTED_PROVIDERS[channel].join(', ')}`;
  const all = Object.entries(IMPLEMENTED_PROVIDERS).map(([name, ids]) => `${name}: ${ids.join(', ')}`);
  return `${what}; supported providers: ${all.join('; ')}`;
}

function isChannel(value: string | undefined): value is DeliveryChannel {
  return value !== undefined && Object.hasOwn(IMPLEMENTED_PROVIDERS, value);
}
