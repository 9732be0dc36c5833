import { type DeliveryProvider, isRecord, parseJson } from '@herald/runner-kit';

import { composeChat } from './chat-message';
import { postToWebhook } from './webhook-post';

/**
 * Microsoft Teams incoming webhooks: `POST <webhook URL>`. As Novu does, a body that is a JSON
 * object (a MessageCard or an Adaptive Card payload) is sent as it is; plain text goes as
 * `{text}`. Teams answers 200 (`1`) or 202 (Workflows webhooks); errors are plain text (400
 * `Bad payload received by generic incoming webhook.`), 429 when throttled.
 */
export function msteamsProvider(): DeliveryProvider {
  return {
    providerId: 'msteams',
    prepare(input) {
      const composed = composeChat(input);
      if (!composed.ok) return composed;
      const { message } = composed;
      const card = parseJson(message.text.trim());
      const body = isRecord(card) ? card : { text: message.text };
      return {
        ok: true,
        delivery: {
          kind: 'external',
          recipient: message.recipient,
          send: (context) =>
            postToWebhook(
              { providerId: 'msteams', url: message.webhookUrl, body, overrides: input.providerOverrides },
              context,
            ),
        },
      };
    },
  };
}
