import {
  type InboxAction,
  inboxActionSchema,
  type InboxRedirect,
  inboxRedirectSchema,
  type JobDispatchData,
  linkUrlRefusal,
} from '@herald/contracts';
import { isRecord, outputSanitizationDisabled, type RenderedContent } from '@herald/runner-kit';

import { sanitizeInboxHtml } from './inbox-sanitizer';

/** What an inbox message shows, from the rendered in-app step. */
export interface InboxContent {
  subject: string | null;
  body: string;
  avatar: string | null;
  primaryAction: InboxAction | null;
  secondaryAction: InboxAction | null;
  redirect: InboxRedirect | null;
  data: Record<string, unknown>;
}

/**
 * Reads Novu's in-app controls: `subject`, `body`, `avatar` (else the actor's avatar),
 * `primaryAction` / `secondaryAction` (`{label, redirect: {url, target}}`), `redirect` and `data`.
 * Malformed optional parts are left out rather than failing the job. Subject, body and action
 * labels are sanitized as Novu does unless the step sets `disableOutputSanitization`; `data` is
 * the application's own JSON and stays as rendered (decision 0028).
 */
export function inboxContentOf(content: RenderedContent, job: JobDispatchData): InboxContent {
  const text = (value: unknown) => (typeof value === 'string' ? value : null);
  const read: InboxContent = {
    subject: text(content.subject),
    body: text(content.body) ?? text(content.content) ?? '',
    avatar: text(content.avatar) ?? job.actor?.avatar ?? null,
    primaryAction: parsed(inboxActionSchema, content.primaryAction),
    secondaryAction: parsed(inboxActionSchema, content.secondaryAction),
    redirect: parsed(inboxRedirectSchema, content.redirect),
    data: isRecord(content.data) ? content.data : {},
  };
  return outputSanitizationDisabled(job) ? read : sanitized(read);
}

/**
 * The first link of the message an end user could follow that is not an http(s) or relative URL
 * (`linkUrlRefusal`), as the control path and the reason (never the URL itself), or undefined.
 * Checked whatever `disableOutputSanitization` says: such a link is never stored.
 */
export function unsafeLinkOf(content: InboxContent): { path: string; reason: string } | undefined {
  const links: [string, string | undefined][] = [
    ['redirect.url', content.redirect?.url],
    ['primaryAction.redirect.url', content.primaryAction?.redirect?.url],
    ['secondaryAction.redirect.url', content.secondaryAction?.redirect?.url],
  ];
  for (const [path, url] of links) {
    const reason = url === undefined ? undefined : linkUrlRefusal(url);
    if (reason) return { path, reason };
  }
  return undefined;
}

function sanitized(content: InboxContent): InboxContent {
  const action = (value: InboxAction | null) => (value ? { ...value, label: sanitizeInboxHtml(value.label) } : null);
  return {
    ...content,
    subject: content.subject === null ? null : sanitizeInboxHtml(content.subject),
    body: sanitizeInboxHtml(content.body),
    primaryAction: action(content.primaryAction),
    secondaryAction: action(content.secondaryAction),
  };
}

function parsed<T>(
  schema: { safeParse(value: unknown): { success: true; data: T } | { success: false } },
  value: unknown,
): T | null {
  if (value === undefined || value === null) return null;
  const result = schema.safeParse(value);
  return result.success ? result.data : null;
}
