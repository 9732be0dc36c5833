import type { DeliveryProvider } from '@herald/runner-kit';

import { composeChat } from './chat-message';
import { postToWebhook } from './webhook-post';

/**
 * Slack incoming webhooks: `POST <webhook URL>` with `{text}` (provider overrides add `blocks`,
 * `attachments`, ...). Slack answers `ok`, or an error word (`invalid_payload`, `no_text`,
 * `channel_not_found`, `channel_is_archived`, `no_service`, ...) with 400/403/404/410, 429 when
 * rate limited, 5xx when down.
 */
export function slackProvider(): DeliveryProvider {
  return {
    providerId: 'slack',
    prepare(input) {
      const composed = composeChat(input);
      if (!composed.ok) return composed;
      const { message } = composed;
      return {
        ok: true,
        delivery: {
          kind: 'external',
          recipient: message.recipient,
          send: (context) =>
            postToWebhook(
              {
                providerId: 'slack',
                url: message.webhookUrl,
                body: { text: message.text },
                overrides: input.providerOverrides,
              },
              context,
            ),
        },
      };
    },
  };
}
