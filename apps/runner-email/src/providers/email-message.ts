import { EMAIL_LAYOUT_CONTROL, emailOverrideHeaderRefusal, wrapInLayout } from '@herald/contracts';
import {
  type FetchedAttachment,
  isRecord,
  misconfigured,
  type PrepareInput,
  type ProviderFailure,
  stringField,
} from '@herald/runner-kit';

/** An e-mail as every email provider sends it. */
export interface EmailMessage {
  to: string[];
  cc: string[];
  bcc: string[];
  from: { address: string; name?: string };
  replyTo?: string;
  subject: string;
  html: string;
  text?: string;
  /** Extra headers from `overrides.email.headers`, those the allow-list lets through. */
  headers: Record<string, string>;
  attachments: readonly FetchedAttachment[];
}

/** The composed message, the subscriber data it lacks, or why the integration cannot send it. */
export type EmailComposition =
  { ok: true; message: EmailMessage } | { ok: false; missing: string } | { ok: false; failure: ProviderFailure };

// Deliberately simple: the provider has the last word; this only keeps obvious garbage out.
const ADDRESS = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;

/**
 * Builds the e-mail of a job for one integration: recipients from `overrides.email.to` or the
 * subscriber's address (none: the job is canceled), cc/bcc/replyTo/senderName/from/text/headers
 * from `overrides.email` (Novu's channel overrides), sender from the integration otherwise,
 * subject and HTML body from the rendered step (the body inside the step's rendered layout, when it has one).
 */
export function composeEmail({
  job,
  integration,
  content,
  channelOverrides,
  attachments,
}: PrepareInput): EmailComposition {
  const overridden = addresses(channelOverrides.to);
  const to = overridden.length > 0 ? overridden : addresses(job.subscriber.email);
  if (to.length === 0) return { ok: false, missing: 'Subscriber has no email address' };
  const invalid = to.find((address) => !ADDRESS.test(address));
  if (invalid !== undefined) return { ok: false, missing: 'Subscriber email address is not a valid address' };
  const from = stringField(channelOverrides, 'from') ?? stringField(integration.credentials, 'from');
  if (!from || !ADDRESS.test(from))
    return { ok: false, failure: misconfigured(integration.providerId, 'credentials.from must be a sender address') };
  const name = stringField(channelOverrides, 'senderName') ?? stringField(integration.credentials, 'senderName');
  const replyTo = stringField(channelOverrides, 'replyTo');
  const text = stringField(channelOverrides, 'text') ?? (typeof content.text === 'string' ? content.text : undefined);
  return {
    ok: true,
    message: {
      to,
      cc: addresses(channelOverrides.cc).filter((address) => ADDRESS.test(address)),
      bcc: addresses(channelOverrides.bcc).filter((address) => ADDRESS.test(address)),
      from: { address: from, ...(name ? { name } : {}) },
      ...(replyTo && ADDRESS.test(replyTo) ? { replyTo } : {}),
      subject: typeof content.subject === 'string' ? content.subject : '',
      html: wrapInLayout(
        typeof content.body === 'string' ? content.body : typeof content.content === 'string' ? content.content : '',
        content[EMAIL_LAYOUT_CONTROL],
      ),
      ...(text ? { text } : {}),
      headers: allowedEmailHeaders(channelOverrides.headers),
      attachments,
    },
  };
}

/** `<deliveryKey@sender-domain>`: a redelivered job carries the same Message-ID, so receivers can de-duplicate. */
export function messageIdFor(deliveryKey: string, from: string): string {
  const domain = from.split('@')[1]?.replace(/[^A-Za-z0-9.-]/g, '') || 'herald.local';
  return `<${deliveryKey}@${domain}>`;
}

function addresses(value: unknown): string[] {
  const list = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [];
  return list
    .filter((item): item is string => typeof item === 'string')
    .map((item) => item.trim())
    .filter(Boolean);
}

/**
 * The override headers the allow-list lets through (`emailOverrideHeaderRefusal`: `X-*` but not
 * `X-Herald-*`, list, threading and priority headers; never `From`, `Sender`, `Return-Path`).
 * A refused header is dropped, not the mail: the message is still the one the author wrote.
 */
export function allowedEmailHeaders(value: unknown): Record<string, string> {
  if (!isRecord(value)) return {};
  const headers: Record<string, string> = {};
  for (const [name, item] of Object.entries(value)) {
    if (emailOverrideHeaderRefusal(name, item) === undefined) headers[name] = item as string;
  }
  return headers;
}
