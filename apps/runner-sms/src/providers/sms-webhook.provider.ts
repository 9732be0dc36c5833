import { createHmac } from 'node:crypto';
import { applyProviderOverrides, failureFromResponse, misconfigured, parseJson, stringField, type DeliveryProvider, type SendContext, type SendOutcome } from '@herald/runner-kit';
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
      return { ok: true, delivery: { kind: 'external', recipient: composed.message.to, send: (context) => send(url, secrets, composed.message, subscriberId, input.providerOverrides, context) } };
    },
  };
}

async function send(url: string, secrets: { secretKey?: string; apiKey?: string }, message: SmsMessage, subscriberId: string, overrides: Record<string, unknown>, context: SendContext): Promise<SendOutcome> {
  const request = applyProviderOverrides({ body: { ...message, deliveryKey: context.deliveryKey, jobId: context.jobId, subscriberId }, headers: {}, query: {} }, overrides);
  const body = JSON.stringify(request.body);
  const response = await context.http.request({
    method: 'POST',
    url,
    headers: {
      ...request.headers,
      'content-type': 'application/json',
      'idempotency-key': context.deliveryKey,
      ...(secrets.secretKey ? { 'x-herald-signature': `sha256=${createHmac('sha256', secrets.secretKey).update(body).digest('hex')}` } : {}),
      ...(secrets.apiKey ? { authorization: `Bearer ${secrets.apiKey}` } : {}),
    },
    body,
  });
  if (response.status < 200 || response.status >= 300) return { ok: false, failure: failureFromResponse('sms-webhook', response) };
  const answer = parseJson(response.body) as Record<string, unknown> | undefined;
  const id = [answer?.id, answer?.messageId, answer?.sid].find((value) => typeof value === 'string' || typeof value === 'number');
  return { ok: true, providerMessageId: id === undefined ? undefined : String(id) };
}
