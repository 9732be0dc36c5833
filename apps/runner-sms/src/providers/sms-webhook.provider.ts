import { createHmac } from 'node:crypto';

import {
  type DeliveryProvider,
  misconfigured,
  postJsonWebhook,
  type SendContext,
  type SendOutcome,
  stringField,
} from '@herald/runner-kit';

import { composeSms, SmsMessage } from './sms-message';

/**
 * Herald's generic SMS webhook (`sms-webhook`): `POST credentials.webhookUrl` with JSON
 * `{to, from, content, deliveryKey, jobId, subscriberId}`. The delivery key is also the
 * `Idempotency-Key` header; with `credentials.secretKey` the body is signed
 * (`X-Herald-Signature: sha256=<hex HMAC-SHA256 of the body>`); with `credentials.apiKey` it is
 * sent as a bearer token. Any 2xx is a delivery; the message id is read from `id`, `messageId`
 * or `sid` in a JSON answer.
 */
export function smsWebhookProvider(): DeliveryProvider {
  return {
    providerId: 'sms-webhook',
    prepare(input) {
      const composed = composeSms(input);
      if (!composed.ok) return composed;
      const credentials = input.integration.credentials;
      const url = stringField(credentials, 'webhookUrl') ?? stringField(credentials, 'baseUrl');
      if (!url) return { ok: false, failure: misconfigured('sms-webhook', 'credentials.webhookUrl is missing') };
      const secrets = { secretKey: stringField(credentials, 'secretKey'), apiKey: stringField(credentials, 'apiKey') };
      const subscriberId = input.job.subscriber.subscriberId;
      return {
        ok: true,
        delivery: {
          kind: 'external',
          recipient: composed.message.to,
          send: (context) => send(url, secrets, composed.message, subscriberId, input.providerOverrides, context),
        },
      };
    },
  };
}

function send(
  url: string,
  secrets: { secretKey?: string; apiKey?: string },
  message: SmsMessage,
  subscriberId: string,
  overrides: Record<string, unknown>,
  context: SendContext,
): Promise<SendOutcome> {
  return postJsonWebhook(
    {
      providerId: 'sms-webhook',
      url,
      body: { ...message, deliveryKey: context.deliveryKey, jobId: context.jobId, subscriberId },
      overrides,
      headersFor: (body) => ({
        ...(secrets.secretKey
          ? { 'x-herald-signature': `sha256=${createHmac('sha256', secrets.secretKey).update(body).digest('hex')}` }
          : {}),
        ...(secrets.apiKey ? { authorization: `Bearer ${secrets.apiKey}` } : {}),
      }),
      messageIdFields: ['id', 'messageId', 'sid'],
    },
    context,
  );
}
