import { type PrepareInput, stringField } from '@herald/runner-kit';

/** A text message as every SMS provider sends it. */
export interface SmsMessage {
  to: string;
  /** `overrides.sms.from`, else the integration's sender. */
  from?: string;
  content: string;
}

/** The message, or the subscriber data it lacks. */
export type SmsComposition = { ok: true; message: SmsMessage } | { ok: false; missing: string };

/**
 * Builds the text message of a job: recipient from `overrides.sms.to` or the subscriber's phone
 * (none: the job is canceled), sender from `overrides.sms.from` or the integration, text from
 * `overrides.sms.content` or the rendered body (Novu's SMS channel overrides).
 */
export function composeSms({ job, integration, content, channelOverrides }: PrepareInput): SmsComposition {
  const to = stringField(channelOverrides, 'to') ?? job.subscriber.phone?.trim();
  if (!to) return { ok: false, missing: 'Subscriber has no phone number' };
  const from = stringField(channelOverrides, 'from') ?? stringField(integration.credentials, 'from');
  const text =
    stringField(channelOverrides, 'content') ??
    (typeof content.body === 'string' ? content.body : typeof content.content === 'string' ? content.content : '');
  return { ok: true, message: { to, ...(from ? { from } : {}), content: text } };
}
