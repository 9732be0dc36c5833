import { type DeliveryProvider, parseJson } from '@herald/runner-kit';

import { composeChat } from './chat-message';
import { postToWebhook } from './webhook-post';

/** Discord rejects message content longer than this. */
const MAX_CONTENT = 2000;

/**
 * Discord webhooks: `POST <webhook URL>?wait=true` with `{content}` (at most 2000 characters;
 * overrides add `embeds`, `username`, ...). With `wait=true` Discord answers 200 with the created
 * message, whose `id` is reported. Errors are `{code, message}` (50006 empty message, 10015
 * unknown webhook), 429 with `retry_after`.
 */
export function discordProvider(): DeliveryProvider {
  return {
    providerId: 'discord',
    prepare(input) {
      const composed = composeChat(input);
      if (!composed.ok) return composed;
      const { message } = composed;
      const content = message.text.length > MAX_CONTENT ? `${message.text.slice(0, MAX_CONTENT - 1)}…` : message.text;
      const url = new URL(message.webhookUrl);
      url.searchParams.set('wait', 'true');
      return {
        ok: true,
        delivery: {
          kind: 'external',
          recipient: message.recipient,
          send: (context) =>
            postToWebhook(
              {
                providerId: 'discord',
                url: url.toString(),
                body: { content },
                overrides: input.providerOverrides,
                messageId: (response) => {
                  const id = (parseJson(response.body) as { id?: unknown } | undefined)?.id;
                  return typeof id === 'string' ? id : undefined;
                },
                reason: (body) => {
                  const error = body as { code?: unknown; message?: unknown } | undefined;
                  return typeof error?.message === 'string'
                    ? typeof error.code === 'number'
                      ? `${error.code} ${error.message}`
                      : error.message
                    : undefined;
                },
              },
              context,
            ),
        },
      };
    },
  };
}
