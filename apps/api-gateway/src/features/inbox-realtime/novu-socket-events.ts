import type { InboxCountsChangedData } from '@herald/contracts';

/** The socket.io events `@novu/js` 3.x listens to (its `WebSocketEventEnum`), and their payloads. */
export const NovuSocketEvent = {
  /** `{ message }`: a Novu `MessageEntity` (`toNovuMessage`). */
  NotificationReceived: 'notification_received',
  /** `{ unseenCount }` */
  UnseenCountChanged: 'unseen_count_changed',
  /** `{ counts: { total, severity } }` */
  UnreadCountChanged: 'unread_count_changed',
} as const;

/** The socket.io room of one subscriber of one environment (every socket of theirs on this replica joins it). */
export function subscriberRoom(environmentId: string, subscriberId: string): string {
  return `inbox:${environmentId}\u0000${subscriberId}`;
}

/** The payloads of Novu's two count events, from `inbox.counts-changed.v1`. */
export function countPayloads(data: InboxCountsChangedData): {
  unseen: { unseenCount: number };
  unread: { counts: InboxCountsChangedData['unreadCount'] };
} {
  return { unseen: { unseenCount: data.unseenCount }, unread: { counts: data.unreadCount } };
}
