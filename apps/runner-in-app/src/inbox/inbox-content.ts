import { inboxActionSchema, inboxRedirectSchema, type InboxAction, type InboxRedirect, type JobDispatchData } from '@herald/contracts';
import { isRecord, type RenderedContent } from '@herald/runner-kit';

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
 * Malformed optional parts are left out rather than failing the job.
 */
export function inboxContentOf(content: RenderedContent, job: JobDispatchData): InboxContent {
  const text = (value: unknown) => (typeof value === 'string' ? value : null);
  return {
    subject: text(content.subject),
    body: text(content.body) ?? text(content.content) ?? '',
    avatar: text(content.avatar) ?? job.actor?.avatar ?? null,
    primaryAction: parsed(inboxActionSchema, content.primaryAction),
    secondaryAction: parsed(inboxActionSchema, content.secondaryAction),
    redirect: parsed(inboxRedirectSchema, content.redirect),
    data: isRecord(content.data) ? content.data : {},
  };
}

function parsed<T>(schema: { safeParse(value: unknown): { success: true; data: T } | { success: false } }, value: unknown): T | null {
  if (value === undefined || value === null) return null;
  const result = schema.safeParse(value);
  return result.success ? result.data : null;
}
