import { Alert, Button, Group, Loader, Stack, Switch, Text, Title } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';

import type { ActivityFilters } from '../api/activity.types';
import type { HeraldApiClient } from '../api/herald-api.client';
import { useNavigate } from '../layout/navigation';
import { usePolling } from '../layout/use-polling';
import { ThroughputCard } from '../throughput/throughput.card';
import { ActivityFiltersForm } from './activity-filters.form';
import { FirstTrigger } from './first-trigger';
import { NotificationRow } from './notification-row';

const PAGE_SIZE = 20;
const REFRESH_MS = 3_000;

/**
 * Notifications newest first, filtered and paged, refreshed while open. Opened with a
 * transactionId (the trigger's activityFeedLink) that names one notification, it goes on to that
 * notification's timeline.
 */
export function ActivityView({
  api,
  filters,
  page,
  followSingle,
}: {
  api: HeraldApiClient;
  filters: ActivityFilters;
  page: number;
  followSingle: boolean;
}) {
  const navigate = useNavigate();
  const [live, setLive] = useState(true);
  const load = useCallback(() => api.notifications(filters, page, PAGE_SIZE), [api, filters, page]);
  const { data, error, loading } = usePolling(load, REFRESH_MS, live);
  const filtered = Object.keys(filters).length > 0;

  useEffect(() => {
    if (followSingle && filters.transactionId && data?.data.length === 1 && page === 0 && !data.hasMore)
      navigate({ view: 'notification', notificationId: data.data[0]._id }, true);
  }, [followSingle, filters.transactionId, data, page, navigate]);

  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap">
        <Title order={1} size="h2">
          Activity
        </Title>
        <Switch label="Refresh every 3 s" checked={live} onChange={(event) => setLive(event.currentTarget.checked)} />
      </Group>
      {!filtered && page === 0 && <ThroughputCard api={api} />}
      <ActivityFiltersForm
        filters={filters}
        onApply={(next) => navigate({ view: 'activity', filters: next, page: 0 })}
      />
      {error && (
        <Alert color="red" title="The list could not be loaded" role="alert">
          {error}
        </Alert>
      )}
      {loading && !data && <Loader aria-label="Loading notifications" />}
      {data && data.data.length === 0 && page === 0 && !filtered && <FirstTrigger />}
      {data && data.data.length === 0 && (filtered || page > 0) && (
        <Text data-testid="no-match">
          No notification matches these filters{page > 0 ? ' on this page' : ''}. A notification appears a moment after
          its trigger is acknowledged; widen the filters or clear them.
        </Text>
      )}
      {data && data.data.length > 0 && (
        <Stack component="ul" gap="xs" p={0} m={0} className="plain-list" aria-label="Notifications, newest first">
          {data.data.map((notification) => (
            <NotificationRow key={notification._id} notification={notification} />
          ))}
        </Stack>
      )}
      <Group gap="sm">
        <Button
          variant="default"
          disabled={page === 0}
          onClick={() => navigate({ view: 'activity', filters, page: page - 1 })}
        >
          Newer
        </Button>
        <Text size="sm">Page {page + 1}</Text>
        <Button
          variant="default"
          disabled={!data?.hasMore}
          onClick={() => navigate({ view: 'activity', filters, page: page + 1 })}
        >
          Older
        </Button>
      </Group>
    </Stack>
  );
}
