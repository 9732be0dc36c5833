import { randomBytes } from 'node:crypto';

import {
  applyProviderOverrides,
  type DeliveryProvider,
  type FetchedAttachment,
  misconfigured,
  type SendContext,
  type SendOutcome,
  stringField,
} from '@herald/runner-kit';

import { baseUrlOf, formatMailbox, outcomeOfResponse, plainText, textOf, withQuery } from './email-http';
import { allowedEmailHeaders, composeEmail, type EmailMessage, messageIdFor } from './email-message';

const US_BASE_URL = 'https://api.mailgun.net';
const EU_BASE_URL = 'https://api.eu.mailgun.net';

type Fields = [name: string, value: string][];

/**
 * Mailgun's `POST /v3/<domain>/messages` (basic auth `api:<key>`; 200 with `{id, message}`),
 * form-encoded, multipart when there are attachments. Mailgun has no idempotency key: the
 * delivery key is the `Message-Id` (`<key@sender-domain>`, so receivers can de-duplicate, as over
 * SMTP) and the user variable `v:herald_delivery_key`, which its events carry. Credentials as Novu
 * names them: `apiKey`, `domain`, `user` (default `api`), `from`, `senderName`, `baseUrl` (EU:
 * `https://api.eu.mailgun.net`, or `region: eu`).
 */
export function mailgunProvider(): DeliveryProvider {
  return {
    providerId: 'mailgun',
    prepare(input) {
      const composed = composeEmail(input);
      if (!composed.ok) return composed;
      const credentials = input.integration.credentials;
      const apiKey = stringField(credentials, 'apiKey');
      if (!apiKey) return { ok: false, failure: misconfigured('mailgun', 'credentials.apiKey is missing') };
      const domain = stringField(credentials, 'domain');
      if (!domain || !/^[A-Za-z0-9.-]+$/.test(domain))
        return { ok: false, failure: misconfigured('mailgun', 'credentials.domain must be the sending domain') };
      const region = stringField(credentials, 'region')?.toLowerCase();
      const user = stringField(credentials, 'user') ?? 'api';
      const settings = {
        url: `${baseUrlOf(credentials, region === 'eu' ? EU_BASE_URL : US_BASE_URL)}/v3/${domain}/messages`,
        authorization: `Basic ${Buffer.from(`${user}:${apiKey}`).toString('base64')}`,
      };
      const message = composed.message;
      return {
        ok: true,
        delivery: {
          kind: 'external',
          recipient: message.to.join(', '),
          send: (context) => send(settings, message, input.providerOverrides, context),
        },
      };
    },
  };
}

async function send(
  settings: { url: string; authorization: string },
  message: EmailMessage,
  overrides: Record<string, unknown>,
  context: SendContext,
): Promise<SendOutcome> {
  const base: Record<string, unknown> = {
    from: formatMailbox(message.from),
    to: message.to,
    ...(message.cc.length ? { cc: message.cc } : {}),
    ...(message.bcc.length ? { bcc: message.bcc } : {}),
    subject: message.subject,
    html: message.html,
    ...(message.text ? { text: message.text } : {}),
    ...(message.replyTo ? { 'h:Reply-To': message.replyTo } : {}),
    ...Object.fromEntries(Object.entries(message.headers).map(([name, value]) => [`h:${name}`, value])),
    'h:Message-Id': messageIdFor(context.deliveryKey, message.from.address),
    'v:herald_delivery_key': context.deliveryKey,
    'v:herald_job_id': context.jobId,
  };
  const request = applyProviderOverrides({ body: base, headers: {}, query: {} }, overrides);
  const fields = formFields(request.body);
  const encoded = message.attachments.length
    ? multipart(fields, message.attachments)
    : { contentType: 'application/x-www-form-urlencoded', body: new URLSearchParams(fields).toString() };
  const response = await context.http.request({
    method: 'POST',
    url: withQuery(settings.url, request.query),
    headers: {
      ...request.headers,
      accept: 'application/json',
      authorization: settings.authorization,
      'content-type': encoded.contentType,
    },
    body: encoded.body,
  });
  return outcomeOfResponse('mailgun', response, {
    // `{"message": "'to' parameter is missing"}`; a wrong key gets a bare `Forbidden`.
    reason: (answer, text) => textOf(answer, 'message') ?? plainText(text),
    messageId: (answer) => textOf(answer, 'id'),
    // 404 "Domain not found": the integration names a domain the account does not have.
    integrationFault: (status) => status === 404,
  });
}

/**
 * Form fields from the body after overrides: arrays repeat the field, scalars become text;
 * `h:` headers an override adds pass the same allow-list as `overrides.email.headers`.
 */
function formFields(body: Record<string, unknown>): Fields {
  const fields: Fields = [];
  const headers: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(body)) {
    if (name.startsWith('h:') && name !== 'h:Reply-To' && name !== 'h:Message-Id') {
      headers[name.slice(2)] = value;
      continue;
    }
    for (const item of Array.isArray(value) ? value : [value]) {
      if (typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean')
        fields.push([name, String(item)]);
      else if (item !== null && item !== undefined) fields.push([name, JSON.stringify(item)]);
    }
  }
  for (const [name, value] of Object.entries(allowedEmailHeaders(headers))) fields.push([`h:${name}`, value]);
  return fields;
}

function multipart(fields: Fields, attachments: readonly FetchedAttachment[]): { contentType: string; body: Buffer } {
  const boundary = `herald-${randomBytes(12).toString('hex')}`;
  const quote = (text: string) => text.replace(/["\r\n\\]/g, '_');
  const parts: Buffer[] = [];
  for (const [name, value] of fields) {
    parts.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${quote(name)}"\r\n\r\n`));
    parts.push(Buffer.from(value, 'utf8'), Buffer.from('\r\n'));
  }
  for (const attachment of attachments) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\ncontent-disposition: form-data; name="attachment"; filename="${quote(attachment.name)}"\r\n` +
          `content-type: ${attachment.mime.replace(/[\r\n]/g, '')}\r\n\r\n`,
      ),
      attachment.content,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { contentType: `multipart/form-data; boundary=${boundary}`, body: Buffer.concat(parts) };
}
