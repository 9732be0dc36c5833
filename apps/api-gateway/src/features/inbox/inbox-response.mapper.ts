import type { InboxMessage } from '@herald/contracts';

/** Who owns an answered message (not part of the inbox message itself). */
export interface MessageOwner {
  environmentId: string;
  organizationId: string;
}

/** Novu's `MessageCTA`: a redirect when the message has one. */
function ctaOf(message: InboxMessage): Record<string, unknown> {
  return message.redirect ? { type: 'redirect', data: { url: message.redirect.url } } : {};
}

/**
 * An inbox message as an item of Novu's v1 feed (`NotificationFeedItemDto`). Herald's inbox
 * message does not carry Novu's template, notification and job ids; the workflow identifier and
 * the transaction id stand in for them, so the SDK's required fields are always strings.
 */
export function toFeedItem(message: InboxMessage, owner: MessageOwner): Record<string, unknown> {
  return {
    _id: message.id,
    _templateId: message.workflowIdentifier,
    _environmentId: owner.environmentId,
    _organizationId: owner.organizationId,
    _notificationId: message.transactionId,
    _subscriberId: message.subscriberId,
    _jobId: message.id,
    _feedId: null,
    seq: message.seq,
    transactionId: message.transactionId,
    templateIdentifier: message.workflowIdentifier,
    providerId: 'novu',
    channel: 'in_app',
    content: message.body,
    subject: message.subject,
    avatar: message.avatar,
    primaryAction: message.primaryAction,
    secondaryAction: message.secondaryAction,
    redirect: message.redirect,
    cta: ctaOf(message),
    data: message.data,
    read: message.read,
    seen: message.seen,
    archived: message.archived,
    status: 'sent',
    createdAt: message.createdAt,
    updatedAt: message.createdAt,
  };
}

/** An inbox message as Novu's `MessageResponseDto` (the mark-as answer). */
export function toMessageResponse(message: InboxMessage, owner: MessageOwner): Record<string, unknown> {
  const item = toFeedItem(message, owner);
  delete item._jobId;
  // Novu's DTO has `subject` optional but not nullable.
  if (item.subject === null) delete item.subject;
  return item;
}
