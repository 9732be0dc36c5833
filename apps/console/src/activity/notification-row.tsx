import { Anchor, Group, Paper, Text } from '@mantine/core';

import type { ActivityNotification } from '../api/activity.types';
import { useNavigate } from '../layout/navigation';
import { StatusBadge } from '../layout/status-badge';
import { formatTime } from '../layout/times';
import { routeUrl } from '../routing/console-route';
import { notificationState } from '../timeline/notification-timeline';

/** One notification of the list; the workflow name opens its timeline. */
export function NotificationRow({ notification }: { notification: ActivityNotification }) {
  const navigate = useNavigate();
  const route = { view: 'notification' as const, notificationId: notification._id };
  const workflow = notification.template.triggers[0]?.identifier ?? notification.template.name;
  return (
    <Paper
      withBorder
      p="sm"
      component="li"
      data-testid="notification-row"
      data-transaction-id={notification.transactionId}
    >
      <Group justify="space-between" gap="xs" wrap="wrap">
        <Anchor
          href={routeUrl(route)}
          fw={600}
          className="break-anywhere"
          onClick={(event) => {
            event.preventDefault();
            navigate(route);
          }}
        >
          {notification.template.name || workflow}
        </Anchor>
        <StatusBadge status={notificationState(notification.jobs)} />
      </Group>
      <Text size="sm" className="break-anywhere">
        to <strong>{notification.subscriber.subscriberId || 'no subscriber'}</strong> ·{' '}
        {formatTime(notification.createdAt)} · {notification.channels.join(', ') || 'no channel'}
      </Text>
      <Text size="sm" c="gray.7" className="break-anywhere">
        workflow {workflow} · transaction {notification.transactionId}
      </Text>
    </Paper>
  );
}
