import { Alert, Anchor, Badge, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useCallback } from 'react';

import type { HeraldApiClient } from '../api/herald-api.client';
import type { Integration, IntegrationDeliveryStats } from '../api/resources.types';
import { useNavigate } from '../layout/navigation';
import { formatTime } from '../layout/times';
import { useLoaded } from '../layout/use-loaded';
import { usePolling } from '../layout/use-polling';
import { routeUrl } from '../routing/console-route';
import { maskSecret } from '../subscribers/mask';
import { deliverySentence, failoverOrder } from './integration-order';
import { IntegrationTestPanel } from './integration-test.panel';

const CHANNELS = ['email', 'sms', 'push', 'chat', 'in_app'] as const;
/** The window the delivery counts cover (`GET /v1/integrations/delivery-stats?hours=24`). */
const HOURS = 24;

/**
 * Per channel, the integrations in the order the runners try them (primary, then priority), each
 * with its delivered and failed attempts and newest outcomes as Herald counted them, and a
 * "send test" that shows the provider's answer.
 */
export function IntegrationsView({ api }: { api: HeraldApiClient }) {
  const integrations = useLoaded(useCallback(() => api.integrations(), [api]));
  const stats = usePolling(
    useCallback(() => api.deliveryStats(), [api]),
    10_000,
  );
  const byIntegration = new Map(stats.data?.integrations.map((entry) => [entry.integrationId, entry]));

  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        Integrations
      </Title>
      <Text size="sm">
        Each channel’s active integrations in the order a delivery tries them: the primary first, then by priority; a
        failure moves on to the next. Deliveries and error rates are every attempt the runners reported per integration
        over the last {HOURS} hours (a failover counts for the integration that settled the attempt); a send test is not
        counted.
      </Text>
      {integrations.error && (
        <Alert color="red" title="The integrations could not be loaded" role="alert">
          {integrations.error}
        </Alert>
      )}
      {stats.error && (
        <Alert color="red" title="The recent deliveries could not be counted" role="alert">
          {stats.error}
        </Alert>
      )}
      {integrations.loading && <Loader aria-label="Loading integrations" />}
      {integrations.data &&
        CHANNELS.map((channel) => (
          <ChannelIntegrations
            key={channel}
            api={api}
            channel={channel}
            integrations={integrations.data?.filter((integration) => integration.channel === channel) ?? []}
            stats={stats.data ? byIntegration : undefined}
          />
        ))}
    </Stack>
  );
}

function ChannelIntegrations({
  api,
  channel,
  integrations,
  stats,
}: {
  api: HeraldApiClient;
  channel: string;
  integrations: Integration[];
  stats: ReadonlyMap<string, IntegrationDeliveryStats> | undefined;
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
          const counted = stats?.get(integration._id);
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
                  {deliverySentence(counted, HOURS)}
                </Text>
              )}
              {counted && counted.recent.length > 0 && <RecentOutcomes outcomes={counted.recent} />}
              {integration.active && channel !== 'in_app' && (
                <IntegrationTestPanel api={api} integration={integration} />
              )}
            </li>
          );
        })}
      </Stack>
    </Paper>
  );
}

/** An integration's newest outcomes, each linking to its notification's timeline. */
function RecentOutcomes({ outcomes }: { outcomes: IntegrationDeliveryStats['recent'] }) {
  const navigate = useNavigate();
  return (
    <Stack
      component="ul"
      gap={2}
      p={0}
      m={0}
      className="plain-list"
      data-testid="integration-recent"
      aria-label="Recent"
    >
      {outcomes.map((outcome) => {
        const route = { view: 'notification' as const, notificationId: outcome.notificationId };
        return (
          <li key={`${outcome.notificationId}-${outcome.at}`}>
            <Text size="xs" className="break-anywhere">
              <Badge size="xs" variant="light" color={outcome.status === 'delivered' ? 'green' : 'red'}>
                {outcome.status}
              </Badge>{' '}
              {formatTime(outcome.at)} · {outcome.subscriberId} ·{' '}
              <Anchor
                size="xs"
                href={routeUrl(route)}
                onClick={(event) => {
                  event.preventDefault();
                  navigate(route);
                }}
              >
                {outcome.transactionId}
              </Anchor>
              {outcome.status === 'failed' ? ` — ${outcome.detail}` : ''}
            </Text>
          </li>
        );
      })}
    </Stack>
  );
}
