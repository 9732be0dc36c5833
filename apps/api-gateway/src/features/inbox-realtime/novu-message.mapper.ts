import type { InboxAction, InboxMessage, InboxRedirect } from '@herald/contracts';

import type { MessageOwner } from '../inbox/inbox-response.mapper';

/** A button of Novu's `MessageCTA.action` (`IMessageButton`). */
interface NovuMessageButton {
  type: 'primary' | 'secondary';
  content: string;
  url?: string;
  target?: InboxRedirect['target'];
}

/** Novu's `MessageCTA`: `@novu/js` dereferences `cta.action` and `cta.data` without checking `cta`. */
export interface NovuMessageCta {
  type: 'redirect';
  data: { url?: string; target?: InboxRedirect['target'] };
  action: {
    status: 'pending' | 'done';
    buttons: NovuMessageButton[];
    result: { type?: 'primary' | 'secondary'; payload?: Record<string, unknown> };
  };
}

const SEVERITIES = ['high', 'medium', 'low', 'none'] as const;

/**
 * An inbox message in the shape of Novu's `MessageEntity`, as Novu's socket service sends it in
 * `notification_received` and `@novu/js` (`mapToNotification`) reads it: `_id`, `content`,
 * `read`/`seen`/`archived`, `cta { data, action { buttons, status, result } }`, `subscriber`,
 * `tags`, `data`, `workflow`, `severity`, the dates. Herald has no Novu template, job or feed ids;
 * as in the v1 feed (`toFeedItem`), the workflow identifier and transaction id stand in.
 *
 * Fields Herald's inbox message does not carry yet (tags, severity, snooze, read/seen/archive
 * dates, payload, a workflow summary, completed actions) are read from the message when a newer
 * contract adds them (`extra` below) and otherwise get Novu's value for "none".
 */
export function toNovuMessage(message: InboxMessage, owner: MessageOwner): Record<string, unknown> {
  const extra = newerFields(message);
  const severity = extra.string('severity', SEVERITIES) ?? 'none';
  const tags = extra.strings('tags') ?? [];
  const entity: Record<string, unknown> = {
    _id: message.id,
    _templateId: message.workflowIdentifier,
    _environmentId: owner.environmentId,
    _organizationId: owner.organizationId,
    _notificationId: message.transactionId,
    _subscriberId: message.subscriberId,
    _jobId: message.id,
    _feedId: null,
    templateIdentifier: message.workflowIdentifier,
    transactionId: message.transactionId,
    channel: 'in_app',
    providerId: 'novu',
    content: message.body,
    cta: ctaOf(message),
    read: message.read,
    seen: message.seen,
    archived: message.archived,
    deleted: false,
    status: 'sent',
    createdAt: message.createdAt,
    updatedAt: message.createdAt,
    deliveredAt: extra.strings('deliveredAt') ?? [message.createdAt],
    payload: extra.record('payload') ?? {},
    data: message.data,
    tags,
    severity,
    subscriber: { _id: message.subscriberId, subscriberId: message.subscriberId },
    workflow: extra.record('workflow') ?? {
      id: message.workflowIdentifier,
      identifier: message.workflowIdentifier,
      name: message.workflowIdentifier,
      critical: false,
      tags,
      severity,
    },
  };
  if (message.subject !== null) entity.subject = message.subject;
  if (message.avatar !== null) entity.avatar = message.avatar;
  for (const [novu, herald] of [
    ['lastReadDate', 'readAt'],
    ['firstSeenDate', 'firstSeenAt'],
    ['lastSeenDate', 'seenAt'],
    ['archivedAt', 'archivedAt'],
    ['snoozedUntil', 'snoozedUntil'],
  ] as const) {
    const value = extra.string(herald);
    if (value !== undefined) entity[novu] = value;
  }
  return entity;
}

function ctaOf(message: InboxMessage): NovuMessageCta {
  const buttons: NovuMessageButton[] = [];
  if (message.primaryAction) buttons.push(buttonOf('primary', message.primaryAction));
  if (message.secondaryAction) buttons.push(buttonOf('secondary', message.secondaryAction));
  const completed = completedAction(message);
  return {
    type: 'redirect',
    data: message.redirect ? redirectOf(message.redirect) : {},
    action: { status: completed ? 'done' : 'pending', buttons, result: completed ? { type: completed } : {} },
  };
}

function buttonOf(type: NovuMessageButton['type'], action: InboxAction): NovuMessageButton {
  return { type, content: action.label, ...(action.redirect ? redirectOf(action.redirect) : {}) };
}

function redirectOf(redirect: InboxRedirect): { url: string; target?: InboxRedirect['target'] } {
  return redirect.target ? { url: redirect.url, target: redirect.target } : { url: redirect.url };
}

/** Which action the subscriber completed, when a newer inbox message says so (`isCompleted` on an action). */
function completedAction(message: InboxMessage): NovuMessageButton['type'] | undefined {
  const done = (action: InboxAction | null) =>
    action !== null && (action as InboxAction & { isCompleted?: unknown }).isCompleted === true;
  if (done(message.primaryAction)) return 'primary';
  if (done(message.secondaryAction)) return 'secondary';
  return undefined;
}

/** Typed reads of fields a newer inbox contract may add; a field of another type counts as absent. */
function newerFields(message: InboxMessage) {
  const fields = message as unknown as Record<string, unknown>;
  return {
    string<T extends string>(key: string, allowed?: readonly T[]): T | undefined {
      const value = fields[key];
      if (typeof value !== 'string') return undefined;
      return !allowed || (allowed as readonly string[]).includes(value) ? (value as T) : undefined;
    },
    strings(key: string): string[] | undefined {
      const value = fields[key];
      return Array.isArray(value) && value.every((item) => typeof item === 'string') ? value : undefined;
    },
    record(key: string): Record<string, unknown> | undefined {
      const value = fields[key];
      return typeof value === 'object' && value !== null && !Array.isArray(value)
        ? (value as Record<string, unknown>)
        : undefined;
    },
  };
}
