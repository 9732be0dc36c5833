import {
  applyProviderOverrides,
  failureFromResponse,
  type OutboundResponse,
  type SendContext,
  type SendOutcome,
} from '@herald/runner-kit';

/** One chat webhook call: the JSON body, overrides applied, and how to read success. */
export interface WebhookPost {
  providerId: string;
  url: string;
  body: Record<string, unknown>;
  overrides: Record<string, unknown>;
  /** The provider's message id from a successful answer, if it gives one. */
  messageId?: (response: OutboundResponse) => string | undefined;
  /** The provider's explanation from an error answer. */
  reason?: (body: unknown, text: string) => string | undefined;
}

/** POSTs a JSON body to an incoming webhook (query overrides appended); 2xx is a delivery. */
export async function postToWebhook(post: WebhookPost, context: SendContext): Promise<SendOutcome> {
  const request = applyProviderOverrides({ body: post.body, headers: {}, query: {} }, post.overrides);
  const url = new URL(post.url);
  for (const [key, value] of Object.entries(request.query)) url.searchParams.set(key, value);
  const response = await context.http.request({
    method: 'POST',
    url: url.toString(),
    headers: { ...request.headers, 'content-type': 'application/json' },
    body: JSON.stringify(request.body),
  });
  if (response.status >= 200 && response.status < 300)
    return { ok: true, providerMessageId: post.messageId?.(response) };
  return { ok: false, failure: failureFromResponse(post.providerId, response, post.reason) };
}
