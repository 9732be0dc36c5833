import type { InboxAction, InboxNotification } from '@herald/contracts';

import type { InboxNotificationResponse } from './inbox-response.schema';
import type { InboxWorkflows } from './inbox-workflows';

/** A button as Novu's inbox shows it: with whether the subscriber completed it. */
function actionOf(action: InboxAction | null, completed: boolean) {
  if (!action) return undefined;
  return { label: action.label, isCompleted: completed, ...(action.redirect ? { redirect: action.redirect } : {}) };
}

/**
 * A notification in the shape Novu's `/v1/inbox/notifications` answers (`InboxNotificationDto`,
 * what `@novu/js`' `Notification` reads). Tags, severity and the workflow come from the gateway's
 * workflows (decision 0034); `deliveredAt` holds the delivery time and, once a snooze has run out,
 * the time it came back.
 */
export function toInboxNotification(
  notification: InboxNotification,
  workflows: InboxWorkflows,
): InboxNotificationResponse {
  const workflow = workflows.byId(notification.workflowId);
  const now = Date.now();
  const snoozeEnded =
    notification.snoozedUntil !== null && !notification.snoozed && Date.parse(notification.snoozedUntil) <= now;
  return {
    id: notification.id,
    transactionId: notification.transactionId,
    ...(notification.subject === null ? {} : { subject: notification.subject }),
    body: notification.body,
    to: { id: notification.subscriberId, subscriberId: notification.subscriberId },
    isRead: notification.read,
    isSeen: notification.seen,
    isArchived: notification.archived,
    isSnoozed: notification.snoozed,
    ...(notification.snoozed ? { snoozedUntil: notification.snoozedUntil } : {}),
    deliveredAt: snoozeEnded ? [notification.createdAt, notification.snoozedUntil] : [notification.createdAt],
    createdAt: notification.createdAt,
    readAt: notification.readAt,
    firstSeenAt: notification.seenAt,
    archivedAt: notification.archivedAt,
    ...(notification.avatar === null ? {} : { avatar: notification.avatar }),
    primaryAction: actionOf(notification.primaryAction, notification.primaryActionCompleted),
    secondaryAction: actionOf(notification.secondaryAction, notification.secondaryActionCompleted),
    channelType: 'in_app' as const,
    tags: workflow?.tags ?? [],
    data: notification.data,
    ...(notification.redirect ? { redirect: notification.redirect } : {}),
    severity: workflow?.severity ?? 'none',
    workflow: {
      id: notification.workflowId,
      identifier: notification.workflowIdentifier,
      name: workflow?.name ?? notification.workflowIdentifier,
      critical: workflow?.critical ?? false,
      tags: workflow?.tags ?? [],
      severity: workflow?.severity ?? 'none',
    },
  };
}
