import type { SendContext, SendOutcome } from './delivery-provider';
import { failureFromResponse, parseJson } from './provider-failure';
import { applyProviderOverrides } from './provider-overrides';

/** One signed JSON webhook delivery, as Herald's generic webhook providers send it. */
export interface JsonWebhookRequest {
  providerId: string;
  url: string;
  body: Record<string, unknown>;
  /** `overrides.providers.<providerId>`: may change body, headers and query. */
  overrides: Record<string, unknown>;
  /** Extra headers computed from the final serialized body (signatures) and credentials. */
  headersFor(serializedBody: string): Record<string, string>;
  /** Fields of a JSON answer that may carry the provider's message id, in order of preference. */
  messageIdFields: readonly string[];
}

/**
 * POSTs `body` as JSON with the delivery key as `Idempotency-Key`; any 2xx is a delivery, anything
 * else an outcome classified by {@link failureFromResponse} (429/5xx retryable).
 */
export async function postJsonWebhook(request: JsonWebhookRequest, context: SendContext): Promise<SendOutcome> {
  const prepared = applyProviderOverrides({ body: request.body, headers: {}, query: {} }, request.overrides);
  const body = JSON.stringify(prepared.body);
  const response = await context.http.request({
    method: 'POST',
    url: request.url,
    headers: {
      ...prepared.headers,
      'content-type': 'application/json',
      'idempotency-key': context.deliveryKey,
      ...request.headersFor(body),
    },
    body,
  });
  if (response.status < 200 || response.status >= 300)
    return { ok: false, failure: failureFromResponse(request.providerId, response) };
  const answer = parseJson(response.body) as Record<string, unknown> | undefined;
  const id = request.messageIdFields
    .map((field) => answer?.[field])
    .find((value) => typeof value === 'string' || typeof value === 'number');
  return { ok: true, providerMessageId: id === undefined ? undefined : String(id) };
}
