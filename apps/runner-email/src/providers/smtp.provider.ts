import { isIP } from 'node:net';

import {
  clip,
  type DeliveryProvider,
  failureFromError,
  misconfigured,
  type ProviderFailure,
  type SendContext,
  type SendOutcome,
  stringField,
} from '@herald/runner-kit';
import nodemailer from 'nodemailer';

import { composeEmail, EmailMessage, messageIdFor } from './email-message';

/** The parts of a nodemailer/SMTP error we classify by. */
interface SmtpError {
  code?: string;
  responseCode?: number;
  response?: string;
  message?: string;
}

const UNREACHABLE = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'ECONNRESET', 'ECONNREFUSED', 'EDNS']);

/**
 * SMTP (Novu's `nodemailer` provider) from the integration's `host`, `port`, `secure`, `user`,
 * `password`, `requireTls`, `ignoreTls`, `from`, `senderName`. The host is resolved through the
 * outbound guard and the connection made to the checked address (TLS still verifies the name).
 * The Message-ID derives from the delivery key.
 */
export function smtpProvider(): DeliveryProvider {
  return {
    providerId: 'nodemailer',
    prepare(input) {
      const composed = composeEmail(input);
      if (!composed.ok) return composed;
      const credentials = input.integration.credentials;
      const host = stringField(credentials, 'host');
      if (!host) return { ok: false, failure: misconfigured('nodemailer', 'credentials.host is missing') };
      const secure = credentials.secure === true || credentials.secure === 'true';
      const port = Number(stringField(credentials, 'port') ?? credentials.port ?? (secure ? 465 : 587));
      if (!Number.isInteger(port) || port < 1 || port > 65535)
        return { ok: false, failure: misconfigured('nodemailer', 'credentials.port is not a port number') };
      const settings = {
        host,
        port,
        secure,
        user: stringField(credentials, 'user'),
        password: stringField(credentials, 'password'),
        requireTls: credentials.requireTls === true,
        ignoreTls: credentials.ignoreTls === true,
      };
      return {
        ok: true,
        delivery: {
          kind: 'external',
          recipient: composed.message.to.join(', '),
          send: (context) => sendMail(settings, composed.message, context),
        },
      };
    },
  };
}

async function sendMail(
  settings: {
    host: string;
    port: number;
    secure: boolean;
    user?: string;
    password?: string;
    requireTls: boolean;
    ignoreTls: boolean;
  },
  message: EmailMessage,
  context: SendContext,
): Promise<SendOutcome> {
  const address = await context.guard.resolve(settings.host);
  const transport = nodemailer.createTransport({
    host: address,
    port: settings.port,
    secure: settings.secure,
    requireTLS: settings.requireTls,
    ignoreTLS: settings.ignoreTls,
    ...(settings.user ? { auth: { user: settings.user, pass: settings.password ?? '' } } : {}),
    // Connect to the checked address, but verify the certificate against the configured name.
    tls: isIP(settings.host) === 0 ? { servername: settings.host } : {},
    connectionTimeout: context.timeoutMs,
    greetingTimeout: context.timeoutMs,
    socketTimeout: context.timeoutMs,
  });
  try {
    const info = await transport.sendMail({
      from: message.from.name ? { name: message.from.name, address: message.from.address } : message.from.address,
      to: message.to,
      cc: message.cc,
      bcc: message.bcc,
      replyTo: message.replyTo,
      subject: message.subject,
      html: message.html,
      text: message.text,
      headers: { ...message.headers, 'X-Herald-Delivery-Key': context.deliveryKey },
      messageId: messageIdFor(context.deliveryKey, message.from.address),
      attachments: message.attachments.map((attachment) => ({
        filename: attachment.name,
        content: attachment.content,
        contentType: attachment.mime,
      })),
    });
    return { ok: true, providerMessageId: info.messageId };
  } catch (error) {
    return { ok: false, failure: smtpFailure(error) };
  } finally {
    transport.close();
  }
}

/** SMTP 4xx and connection trouble are retryable; 5xx is permanent (535, credentials refused, allows failover). */
export function smtpFailure(error: unknown): ProviderFailure {
  const smtp = error as SmtpError;
  const reply = clip(`nodemailer: ${smtp.response ?? smtp.message ?? String(error)}`, 1000);
  if (typeof smtp.responseCode === 'number') {
    if (smtp.responseCode === 535 || smtp.code === 'EAUTH')
      return { code: 'provider_auth_failed', message: reply, retryable: false };
    if (smtp.responseCode >= 400 && smtp.responseCode < 500)
      return { code: 'smtp_transient_failure', message: reply, retryable: true };
    return { code: 'smtp_rejected', message: reply, retryable: false };
  }
  if (smtp.code === 'EAUTH') return { code: 'provider_auth_failed', message: reply, retryable: false };
  if (smtp.code && UNREACHABLE.has(smtp.code)) return { code: 'provider_unreachable', message: reply, retryable: true };
  return failureFromError('nodemailer', error);
}
