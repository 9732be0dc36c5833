import { createHmac } from 'node:crypto';

import {
  type DeliveryProvider,
  misconfigured,
  postJsonWebhook,
  type SendContext,
  type SendOutcome,
  stringField,
} from '@herald/runner-kit';

import { composePush, type PushMessage } from './push-message';

/**
 * Novu's generic push webhook (`push-webhook`): `POST credentials.webhookUrl` with JSON
 * `{target, title, content, payload, deliveryKey, jobId, subscriberId}`, signed like Novu's
 * (`X-Novu-Signature`: hex HMAC-SHA256 of the body with `credentials.secretKey`), with the
 * delivery key as `Idempotency-Key`. Device tokens come from the subscriber's `push-webhook` channel.
 */
export function pushWebhookProvider(): DeliveryProvider {
  return {
    providerId: 'push-webhook',
    prepare(input) {
      const composed = composePush(input);
      if (!composed.ok) return composed;
      const url = stringField(input.integration.credentials, 'webhookUrl');
      if (!url) return { ok: false, failure: misconfigured('push-webhook', 'credentials.webhookUrl is missing') };
      const secretKey = stringField(input.integration.credentials, 'secretKey');
      const subscriberId = input.job.subscriber.subscriberId;
      return {
        ok: true,
        delivery: {
          kind: 'external',
          recipient: subscriberId,
          send: (context) => send(url, secretKey, composed.message, subscriberId, input.providerOverrides, context),
        },
      };
    },
  };
}

function send(
  url: string,
  secretKey: string | undefined,
  message: PushMessage,
  subscriberId: string,
  overrides: Record<string, unknown>,
  context: SendContext,
): Promise<SendOutcome> {
  return postJsonWebhook(
    {
      providerId: 'push-webhook',
      url,
      body: {
        target: message.tokens,
        title: message.title,
        content: message.body,
        payload: message.data,
        deliveryKey: context.deliveryKey,
        jobId: context.jobId,
        subscriberId,
      },
      overrides,
      headersFor: (body): Record<string, string> =>
        secretKey ? { 'x-novu-signature': createHmac('sha256', secretKey).update(body).digest('hex') } : {},
      messageIdFields: ['id', 'messageId'],
    },
    context,
  );
}
