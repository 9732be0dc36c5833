/**
 * Novu's `ProvidersIdEnum` (@novu/api 3.x): the provider ids the SDK accepts on an activity job and
 * an execution detail. Herald names its providers the same way; an id outside this list is not shown there.
 */
export const NOVU_PROVIDER_IDS: ReadonlySet<string> = new Set([
  'anypost', 'emailjs', 'mailgun', 'mailjet', 'mandrill', 'nodemailer',
  'postmark', 'sendgrid', 'sendinblue', 'ses', 'netcore', 'infobip-email',
  'resend', 'plunk', 'mailersend', 'mailtrap', 'clickatell', 'outlook365',
  'novu-email', 'sparkpost', 'email-webhook', 'braze', 'novu-email-agent', 'nexmo',
  'plivo', 'sms77', 'sms-central', 'sns', 'telnyx', 'twilio',
  'gupshup', 'firetext', 'infobip-sms', 'burst-sms', 'bulk-sms', 'isend-sms',
  'forty-six-elks', 'kannel', 'maqsam', 'termii', 'africas-talking', 'novu-sms',
  'sendchamp', 'generic-sms', 'clicksend', 'bandwidth', 'messagebird', 'simpletexting',
  'azure-sms', 'ring-central', 'brevo-sms', 'eazy-sms', 'mobishastra', 'afro-message',
  'unifonic', 'smsmode', 'imedia', 'sinch', 'isendpro-sms', 'cm-telecom',
  'ruach-sms', 'fcm', 'apns', 'expo', 'one-signal', 'pushpad',
  'push-webhook', 'pusher-beams', 'appio', 'novu', 'slack', 'discord',
  'msteams', 'webex-messaging', 'mattermost', 'ryver', 'zulip', 'grafana-on-call',
  'getstream', 'rocket-chat', 'whatsapp-business', 'line', 'chat-webhook', 'novu-slack',
  'telegram', 'sendblue', 'novu-web-chat', 'anthropic', 'novu-anthropic', 'anthropic-aws',
  'pagerduty', 'opsgenie', 'grafana', 'tool-webhook',
]);
