import { Alert, Anchor, Code, Group, Loader, Paper, Stack, Text, Timeline, Title } from '@mantine/core';
import { useCallback, useEffect, useMemo, useState } from 'react';

import type { HeraldApiClient } from '../api/herald-api.client';
import { useNavigate } from '../layout/navigation';
import { StatusBadge } from '../layout/status-badge';
import { formatTime } from '../layout/times';
import { usePolling } from '../layout/use-polling';
import { routeUrl } from '../routing/console-route';
import { notificationTimeline } from './notification-timeline';
import { StepItem } from './step-item';

/** One notification: the trigger, then every step's job with each status change, refreshed until settled. */
export function TimelineView({ api, notificationId }: { api: HeraldApiClient; notificationId: string }) {
  const navigate = useNavigate();
  const load = useCallback(() => api.notification(notificationId), [api, notificationId]);
  // Refreshed until every step has settled; a notification that is not there will not appear.
  const [active, setActive] = useState(true);
  const polled = usePolling(load, 2_000, active);
  const notification = polled.data;
  const timeline = useMemo(() => (notification ? notificationTimeline(notification) : undefined), [notification]);
  useEffect(() => {
    setActive(polled.errorStatus !== 404 && (!timeline || timeline.state === 'in progress'));
  }, [polled.errorStatus, timeline]);
  const back = { view: 'activity' as const, filters: {}, page: 0 };

  return (
    <Stack gap="md">
      <Anchor
        href={routeUrl(back)}
        onClick={(event) => {
          event.preventDefault();
          navigate(back);
        }}
      >
        ← All notifications
      </Anchor>
      {polled.error && (
        <Alert color="red" title="This notification could not be loaded" role="alert">
          {polled.error}
        </Alert>
      )}
      {polled.loading && !notification && <Loader aria-label="Loading the notification" />}
      {notification && timeline && (
        <>
          <Group justify="space-between" wrap="wrap">
            <Title order={1} size="h2" className="break-anywhere">
              {notification.template.name}
            </Title>
            <span data-testid="notification-state">
              <StatusBadge status={timeline.state} />
            </span>
          </Group>
          <Text className="break-anywhere">
            To <strong>{notification.subscriber.subscriberId}</strong>
            {notification.subscriber.email ? ` (${notification.subscriber.email})` : ''} · transaction{' '}
            <Code>{notification.transactionId}</Code>
            {notification.duplicateTriggers > 0
              ? ` · ${notification.duplicateTriggers} later trigger(s) with this transactionId were refused as duplicates`
              : ''}
          </Text>
          <Paper withBorder p="sm">
            <Timeline active={timeline.steps.filter((step) => step.settled).length} bulletSize={20} lineWidth={2}>
              <Timeline.Item title="Trigger received, subscriber resolved">
                <Text size="sm">{formatTime(timeline.receivedAt)}</Text>
                <Text size="sm">
                  Workflow {notification.template.triggers[0]?.identifier ?? notification.template.name}, one
                  notification for this subscriber with {timeline.steps.length} step
                  {timeline.steps.length === 1 ? '' : 's'}.
                </Text>
              </Timeline.Item>
              {timeline.steps.map((step) => (
                <Timeline.Item key={step.jobId} title={`${step.name} · ${step.type}`}>
                  <StepItem api={api} notificationId={notification._id} step={step} receivedAt={timeline.receivedAt} />
                </Timeline.Item>
              ))}
            </Timeline>
          </Paper>
          <details>
            <summary>Payload as triggered</summary>
            <Code block className="wrapping-code">
              {JSON.stringify(notification.payload ?? {}, null, 2)}
            </Code>
          </details>
        </>
      )}
    </Stack>
  );
}
