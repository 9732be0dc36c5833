import {
  applyProviderOverrides,
  type DeliveryProvider,
  misconfigured,
  type SendContext,
  type SendOutcome,
  stringField,
} from '@herald/runner-kit';

import { baseUrlOf, filterHeaderRecord, outcomeOfResponse, textOf, withQuery } from './email-http';
import { composeEmail, type EmailMessage } from './email-message';

const DEFAULT_BASE_URL = 'https://api.brevo.com';

/** Brevo error codes that are the account's, not the message's. */
const ACCOUNT_ERROR_CODES = new Set(['not_enough_credits', 'account_under_validation', 'permission_denied']);

/**
 * Brevo's transactional e-mail API, `POST /v3/smtp/email` (`api-key` header; 201 with
 * `messageId`), under Novu's id `sendinblue` and Brevo's own `brevo`. The delivery key is Brevo's
 * `idempotencyKey` (a custom header it de-duplicates by) and `X-Mailin-custom`, which its webhooks
 * echo. Credentials as Novu names them: `apiKey`, `from`, `senderName`; `baseUrl` points it
 * elsewhere (tests).
 */
export function brevoProvider(providerId: 'sendinblue' | 'brevo'): DeliveryProvider {
  return {
    providerId,
    prepare(input) {
      const composed = composeEmail(input);
      if (!composed.ok) return composed;
      const apiKey = stringField(input.integration.credentials, 'apiKey');
      if (!apiKey) return { ok: false, failure: misconfigured(providerId, 'credentials.apiKey is missing') };
      const baseUrl = baseUrlOf(input.integration.credentials, DEFAULT_BASE_URL);
      const message = composed.message;
      return {
        ok: true,
        delivery: {
          kind: 'external',
          recipient: message.to.join(', '),
          send: (context) => send(providerId, baseUrl, apiKey, message, input.providerOverrides, context),
        },
      };
    },
  };
}

async function send(
  providerId: string,
  baseUrl: string,
  apiKey: string,
  message: EmailMessage,
  overrides: Record<string, unknown>,
  context: SendContext,
): Promise<SendOutcome> {
  const list = (emails: string[]) => emails.map((email) => ({ email }));
  const body = {
    sender: { email: message.from.address, ...(message.from.name ? { name: message.from.name } : {}) },
    to: list(message.to),
    ...(message.cc.length ? { cc: list(message.cc) } : {}),
    ...(message.bcc.length ? { bcc: list(message.bcc) } : {}),
    ...(message.replyTo ? { replyTo: { email: message.replyTo } } : {}),
    subject: message.subject,
    htmlContent: message.html,
    ...(message.text ? { textContent: message.text } : {}),
    headers: {
      ...message.headers,
      idempotencyKey: context.deliveryKey,
      'X-Mailin-custom': `herald_delivery_key:${context.deliveryKey}|herald_job_id:${context.jobId}`,
    },
    ...(message.attachments.length
      ? {
          attachment: message.attachments.map((attachment) => ({
            name: attachment.name,
            content: attachment.content.toString('base64'),
          })),
        }
      : {}),
  };
  const request = applyProviderOverrides({ body, headers: {}, query: {} }, overrides);
  // Headers an override adds pass the allow-list; the tracing headers stay Herald's.
  request.body.headers = {
    ...(filterHeaderRecord(request.body.headers) as Record<string, string>),
    idempotencyKey: body.headers.idempotencyKey,
    'X-Mailin-custom': body.headers['X-Mailin-custom'],
  };
  const response = await context.http.request({
    method: 'POST',
    url: withQuery(`${baseUrl}/v3/smtp/email`, request.query),
    headers: {
      ...request.headers,
      accept: 'application/json',
      'api-key': apiKey,
      'content-type': 'application/json',
    },
    body: JSON.stringify(request.body),
  });
  return outcomeOfResponse(providerId, response, {
    // `{"code": "invalid_parameter", "message": "..."}`
    reason: (answer) => {
      const text = textOf(answer, 'message');
      const code = textOf(answer, 'code');
      return text ? (code ? `${code}: ${text}` : text) : undefined;
    },
    messageId: (answer) => textOf(answer, 'messageId'),
    integrationFault: (status, answer) => status === 402 || ACCOUNT_ERROR_CODES.has(textOf(answer, 'code') ?? ''),
  });
}
