import {
  applyProviderOverrides,
  type DeliveryProvider,
  misconfigured,
  type OutboundResponse,
  type SendContext,
  type SendOutcome,
  stringField,
} from '@herald/runner-kit';
import aws4 from 'aws4';
import nodemailer from 'nodemailer';

import { baseUrlOf, formatMailbox, outcomeOfResponse, plainText, textOf } from './email-http';
import { composeEmail, type EmailMessage, messageIdFor } from './email-message';

/** SES errors that are the account's or the integration's, not the message's: the next integration may send. */
const ACCOUNT_ERRORS = new Set([
  'AccountSuspendedException',
  'SendingPausedException',
  'MailFromDomainNotVerifiedException',
  'LimitExceededException',
  'NotFoundException',
]);

const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

interface SesSettings {
  url: URL;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  configurationSetName?: string;
}

/**
 * Amazon SES v2 `SendEmail` (`POST /v2/email/outbound-emails`, signed with SigV4 for service
 * `ses` in the integration's region; 200 with `MessageId`). Simple content, raw MIME (built by
 * nodemailer, no network) when there are attachments. SES has no idempotency key: the delivery key
 * travels as the `herald_delivery_key` message tag, which SES event publishing carries.
 * Credentials as Novu names them: `apiKey` (access key id), `secretKey`, `region`, `from`,
 * `senderName`; optional `configurationSetName`; `baseUrl` points it elsewhere (tests).
 */
export function sesProvider(): DeliveryProvider {
  return {
    providerId: 'ses',
    prepare(input) {
      const composed = composeEmail(input);
      if (!composed.ok) return composed;
      const credentials = input.integration.credentials;
      const accessKeyId = stringField(credentials, 'apiKey');
      const secretAccessKey = stringField(credentials, 'secretKey');
      if (!accessKeyId || !secretAccessKey)
        return {
          ok: false,
          failure: misconfigured('ses', 'credentials.apiKey and credentials.secretKey are required'),
        };
      const region = stringField(credentials, 'region')?.trim();
      if (!region || !REGION.test(region))
        return { ok: false, failure: misconfigured('ses', 'credentials.region must be an AWS region, e.g. us-east-1') };
      const settings: SesSettings = {
        url: new URL(`${baseUrlOf(credentials, `https://email.${region}.amazonaws.com`)}/v2/email/outbound-emails`),
        region,
        credentials: { accessKeyId, secretAccessKey },
        configurationSetName: stringField(credentials, 'configurationSetName'),
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
  settings: SesSettings,
  message: EmailMessage,
  overrides: Record<string, unknown>,
  context: SendContext,
): Promise<SendOutcome> {
  const body = {
    FromEmailAddress: formatMailbox(message.from),
    Destination: {
      ToAddresses: message.to,
      ...(message.cc.length ? { CcAddresses: message.cc } : {}),
      ...(message.bcc.length ? { BccAddresses: message.bcc } : {}),
    },
    ...(message.replyTo ? { ReplyToAddresses: [message.replyTo] } : {}),
    Content: message.attachments.length ? { Raw: { Data: await rawMime(message, context) } } : simple(message),
    EmailTags: [
      { Name: 'herald_delivery_key', Value: context.deliveryKey },
      { Name: 'herald_job_id', Value: context.jobId.replace(/[^\w.@-]/g, '_') },
    ],
    ...(settings.configurationSetName ? { ConfigurationSetName: settings.configurationSetName } : {}),
  };
  const request = applyProviderOverrides({ body, headers: {}, query: {} }, overrides);
  const payload = JSON.stringify(request.body);
  const signed = aws4.sign(
    {
      host: settings.url.host,
      path: settings.url.pathname,
      method: 'POST',
      service: 'ses',
      region: settings.region,
      body: payload,
      headers: { ...request.headers, 'content-type': 'application/json' },
    },
    settings.credentials,
  );
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(signed.headers ?? {}))
    if (value !== undefined) headers[name.toLowerCase()] = String(value);
  const response = await context.http.request({ method: 'POST', url: settings.url.toString(), headers, body: payload });
  return outcomeOfResponse('ses', response, {
    reason: (answer, text, answered) => {
      const type = errorType(answered, answer);
      const detail = textOf(answer, 'message') ?? textOf(answer, 'Message') ?? plainText(text);
      return type && detail ? `${type}: ${detail}` : (detail ?? type);
    },
    messageId: (answer) => textOf(answer, 'MessageId'),
    integrationFault: (_status, answer, answered) => {
      const type = errorType(answered, answer) ?? '';
      return (
        ACCOUNT_ERRORS.has(type) ||
        (type === 'MessageRejected' && /not verified/i.test(textOf(answer, 'message') ?? ''))
      );
    },
  });
}

function simple(message: EmailMessage): Record<string, unknown> {
  const headers = message.headers;
  return {
    Simple: {
      Subject: { Data: message.subject, Charset: 'UTF-8' },
      Body: {
        Html: { Data: message.html, Charset: 'UTF-8' },
        ...(message.text ? { Text: { Data: message.text, Charset: 'UTF-8' } } : {}),
      },
      ...(Object.keys(headers).length
        ? { Headers: Object.entries(headers).map(([Name, Value]) => ({ Name, Value })) }
        : {}),
    },
  };
}

/** The whole message as MIME, base64 (SES's `Raw.Data` blob), built locally by nodemailer. */
async function rawMime(message: EmailMessage, context: SendContext): Promise<string> {
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  const info = await composer.sendMail({
    from: message.from.name ? { name: message.from.name, address: message.from.address } : message.from.address,
    to: message.to,
    cc: message.cc,
    bcc: message.bcc,
    replyTo: message.replyTo,
    subject: message.subject,
    html: message.html,
    text: message.text,
    messageId: messageIdFor(context.deliveryKey, message.from.address),
    headers: { ...message.headers, 'X-Herald-Delivery-Key': context.deliveryKey },
    attachments: message.attachments.map((attachment) => ({
      filename: attachment.name,
      contentType: attachment.mime,
      content: attachment.content,
    })),
  });
  return (info.message as Buffer).toString('base64');
}

/** `x-amzn-ErrorType: MessageRejected:http://internal.amazon.com/...`, or `__type` in the body. */
function errorType(response: OutboundResponse, body: unknown): string | undefined {
  const header = response.headers['x-amzn-errortype'];
  const raw = (Array.isArray(header) ? header[0] : header) ?? textOf(body, '__type');
  return raw?.split(':')[0].split('#').pop() || undefined;
}
