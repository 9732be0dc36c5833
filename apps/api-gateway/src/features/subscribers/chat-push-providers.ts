/**
 * The provider ids a subscriber's channel credentials may name: Novu's `ChatOrPushProviderEnum`
 * (the SDK refuses a subscriber whose `channels[].providerId` is outside it).
 */
export const CHAT_PUSH_PROVIDERS = [
  'slack',
  'discord',
  'msteams',
  'webex-messaging',
  'mattermost',
  'ryver',
  'zulip',
  'grafana-on-call',
  'getstream',
  'rocket-chat',
  'whatsapp-business',
  'line',
  'chat-webhook',
  'novu-slack',
  'telegram',
  'sendblue',
  'novu-web-chat',
  'fcm',
  'apns',
  'expo',
  'one-signal',
  'pushpad',
  'push-webhook',
  'pusher-beams',
  'appio',
] as const;
