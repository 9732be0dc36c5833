import { Alert, Badge, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useCallback } from 'react';

import type { ActivityNotification } from '../api/activity.types';
import type { HeraldApiClient } from '../api/herald-api.client';
import type { Integration } from '../api/resources.types';
import { formatTime } from '../layout/times';
import { useLoaded } from '../layout/use-loaded';
import { maskSecret } from '../subscribers/mask';
import { failoverOrder, providerDeliveries } from './integration-order';

const CHANNELS = ['email', 'sms', 'push', 'chat', 'in_app'] as const;
const PAGES = 4;
const PAGE_SIZE = 50;

/** The latest notifications of the feed (at most four pages of 50): what the delivery numbers are counted from. */
async function recentNotifications(
  api: HeraldApiClient,
): Promise<{ notifications: ActivityNotification[]; all: boolean }> {
  const notifications: ActivityNotification[] = [];
  for (let page = 0; page < PAGES; page++) {
    const answer = await api.notifications({}, page, PAGE_SIZE);
    notifications.push(...answer.data);
    if (!answer.hasMore) return { notifications, all: true };
  }
  return { notifications, all: false };
}

/**
 * Per channel, the integrations in the order the runners try them (primary, then priority), with
 * recent deliveries and error rate per provider, counted from the activity feed.
 */
export function IntegrationsView({ api }: { api: HeraldApiClient }) {
  const integrations = useLoaded(useCallback(() => api.integrations(), [api]));
  const recent = useLoaded(useCallback(() => recentNotifications(api), [api]));

  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        Integrations
      </Title>
      <Text size="sm">
        Each channel’s active integrations in the order a delivery tries them: the primary first, then by priority; a
        failure moves on to the next. Deliveries and error rates are counted from{' '}
        {recent.data
          ? recent.data.all
            ? `all ${recent.data.notifications.length} notifications of this environment`
            : `the latest ${recent.data.notifications.length} notifications`
          : 'the latest notifications'}
        , per provider (two integrations of one provider share their numbers).
      </Text>
      {integrations.error && (
        <Alert color="red" title="The integrations could not be loaded" role="alert">
          {integrations.error}
        </Alert>
      )}
      {recent.error && (
        <Alert color="red" title="The recent deliveries could not be counted" role="alert">
          {recent.error}
        </Alert>
      )}
      {integrations.loading && <Loader aria-label="Loading integrations" />}
      {integrations.data &&
        CHANNELS.map((channel) => (
          <ChannelIntegrations
            key={channel}
            channel={channel}
            integrations={integrations.data?.filter((integration) => integration.channel === channel) ?? []}
            notifications={recent.data?.notifications}
          />
        ))}
    </Stack>
  );
}

function ChannelIntegrations({
  channel,
  integrations,
  notifications,
}: {
  channel: string;
  integrations: Integration[];
  notifications: ActivityNotification[] | undefined;
}) {
  const { tried, inactive } = failoverOrder(integrations);
  return (
    <Paper
      withBorder
      p="sm"
      component="section"
      aria-label={`${channel} integrations`}
      data-testid="channel-integrations"
      data-channel={channel}
    >
      <Title order={2} size="h4" mb="xs">
        {channel === 'in_app'
          ? 'In-app'
          : channel.toUpperCase() === 'SMS'
            ? 'SMS'
            : channel[0].toUpperCase() + channel.slice(1)}
      </Title>
      {integrations.length === 0 && (
        <Text size="sm">
          No {channel} integration: steps of this channel fail with “no active integration”. Add one with POST
          /v1/integrations.
        </Text>
      )}
      <Stack component="ol" gap="xs" p={0} m={0} className="plain-list">
        {[...tried, ...inactive].map((integration, index) => {
          const stats = notifications ? providerDeliveries(notifications, channel, integration.providerId) : undefined;
          return (
            <li key={integration._id} data-testid="integration-row" data-identifier={integration.identifier}>
              <Group gap="xs" wrap="wrap">
                <Text size="sm" fw={600}>
                  {integration.active ? `${index + 1}.` : '–'}
                </Text>
                <Text size="sm" fw={600} className="break-anywhere">
                  {integration.name}
                </Text>
                <Text size="sm" className="break-anywhere">
                  {integration.providerId} · {integration.identifier}
                </Text>
                {integration.primary && <Badge variant="light">primary</Badge>}
                {!integration.active && (
                  <Badge variant="light" color="gray">
                    inactive, never tried
                  </Badge>
                )}
                {integration.active && !integration.primary && (
                  <Text size="xs">
                    {index === 0 ? 'first' : 'failover'} · priority {integration.priority}
                  </Text>
                )}
              </Group>
              <Text size="xs" className="break-anywhere">
                Credentials:{' '}
                {Object.keys(integration.credentials).length === 0
                  ? 'none'
                  : Object.entries(integration.credentials)
                      .map(([name, value]) => `${name} ${typeof value === 'string' ? maskSecret(value) : '••••'}`)
                      .join(', ')}
              </Text>
              {stats && (
                <Text size="xs" data-testid="integration-deliveries">
                  {stats.completed + stats.failed === 0
                    ? 'No settled delivery in the recent notifications.'
                    : `${stats.completed} delivered, ${stats.failed} failed recently · error rate ${Math.round(
                        (stats.errorRate ?? 0) * 100,
                      )}%${stats.lastAt ? ` · last ${formatTime(stats.lastAt)}` : ''}`}
                </Text>
              )}
            </li>
          );
        })}
      </Stack>
    </Paper>
  );
}
