import { Alert, Badge, Code, Group, List, Loader, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useCallback } from 'react';

import type { HeraldApiClient } from '../api/herald-api.client';
import type { ChannelSwitches } from '../api/resources.types';
import { RouteLink } from '../layout/route-link';
import { formatTime } from '../layout/times';
import { useLoaded } from '../layout/use-loaded';
import { maskedCredentials } from './mask';

const CHANNELS = ['email', 'sms', 'push', 'chat', 'in_app'] as const;

/** One subscriber: profile, channels and credentials (secrets masked), preferences, in-app inbox. */
export function SubscriberView({ api, subscriberId }: { api: HeraldApiClient; subscriberId: string }) {
  const subscriber = useLoaded(useCallback(() => api.subscriber(subscriberId), [api, subscriberId]));
  const preferences = useLoaded(useCallback(() => api.preferences(subscriberId), [api, subscriberId]));
  const inbox = useLoaded(useCallback(() => api.inbox(subscriberId), [api, subscriberId]));
  const profile = subscriber.data;

  return (
    <Stack gap="md">
      <RouteLink route={{ view: 'subscribers' }}>← All subscribers</RouteLink>
      <Title order={1} size="h2" className="break-anywhere">
        {subscriberId}
      </Title>
      {subscriber.error && (
        <Alert color="red" title="This subscriber could not be loaded" role="alert">
          {subscriber.error}
        </Alert>
      )}
      {subscriber.loading && <Loader aria-label="Loading the subscriber" />}
      {profile && (
        <>
          <Paper withBorder p="sm" component="section" aria-label="Profile">
            <Title order={2} size="h4" mb="xs">
              Profile
            </Title>
            <List size="sm" spacing={2} listStyleType="none" className="plain-list break-anywhere">
              <List.Item>
                Name: {[profile.firstName, profile.lastName].filter(Boolean).join(' ') || 'not set'}
              </List.Item>
              <List.Item>Email: {profile.email ?? 'not set'}</List.Item>
              <List.Item>Phone: {profile.phone ?? 'not set'}</List.Item>
              <List.Item>
                Locale and time zone: {profile.locale ?? 'not set'} · {profile.timezone ?? 'not set'}
              </List.Item>
              <List.Item>
                Created {formatTime(profile.createdAt)}, updated {formatTime(profile.updatedAt)}
              </List.Item>
            </List>
            {profile.data && Object.keys(profile.data).length > 0 && (
              <Code block className="wrapping-code" mt="xs" aria-label="Custom data">
                {JSON.stringify(profile.data, null, 2)}
              </Code>
            )}
          </Paper>
          <Paper withBorder p="sm" component="section" aria-label="Channels and credentials">
            <Title order={2} size="h4" mb="xs">
              Channels and credentials
            </Title>
            {profile.channels.length === 0 ? (
              <Text size="sm">
                No push or chat credentials. Set them with PUT /v1/subscribers/{'{subscriberId}'}/credentials.
              </Text>
            ) : (
              <Stack gap="xs" data-testid="subscriber-channels">
                {profile.channels.map((channel) => (
                  <div key={`${channel.providerId}-${channel.integrationIdentifier ?? ''}`}>
                    <Text size="sm" fw={600}>
                      {channel.providerId}
                      {channel.integrationIdentifier ? ` (${channel.integrationIdentifier})` : ''}
                    </Text>
                    {maskedCredentials(channel.credentials).map((line) => (
                      <Text size="sm" key={line} className="break-anywhere">
                        {line}
                      </Text>
                    ))}
                  </div>
                ))}
              </Stack>
            )}
          </Paper>
        </>
      )}
      <Paper withBorder p="sm" component="section" aria-label="Preferences">
        <Title order={2} size="h4" mb="xs">
          Preferences
        </Title>
        {preferences.error && (
          <Alert color="red" title="The preferences could not be loaded" role="alert">
            {preferences.error}
          </Alert>
        )}
        {preferences.data && (
          <Table withRowBorders={false} layout="fixed" fz="sm" data-testid="preferences">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Scope</Table.Th>
                <Table.Th scope="col">Channels on</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              <Table.Tr>
                <Table.Td>Everything{preferences.data.global.enabled ? '' : ' (all off)'}</Table.Td>
                <Table.Td className="break-anywhere">{channelsOn(preferences.data.global.channels)}</Table.Td>
              </Table.Tr>
              {preferences.data.workflows.map((entry) => (
                <Table.Tr key={entry.workflow.identifier}>
                  <Table.Td className="break-anywhere">{entry.workflow.name}</Table.Td>
                  <Table.Td className="break-anywhere">
                    {entry.enabled ? channelsOn(entry.channels) : 'off'}
                    {entry.overrides.length > 0 ? ' (the subscriber’s choice)' : ''}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Paper>
      <Paper withBorder p="sm" component="section" aria-label="In-app inbox">
        <Title order={2} size="h4" mb="xs">
          In-app inbox
        </Title>
        {inbox.error && (
          <Alert color="red" title="The inbox could not be loaded" role="alert">
            {inbox.error}
          </Alert>
        )}
        {inbox.data && inbox.data.data.length === 0 && <Text size="sm">No in-app message yet.</Text>}
        {inbox.data && inbox.data.data.length > 0 && (
          <Stack component="ul" gap="xs" p={0} m={0} className="plain-list" aria-label="Inbox messages, newest first">
            {inbox.data.data.map((message) => (
              <li key={message._id} data-testid="inbox-message">
                <Group gap="xs" wrap="wrap">
                  <Badge variant="light" color={message.read ? 'gray' : 'blue'}>
                    {message.archived ? 'archived' : message.read ? 'read' : message.seen ? 'seen' : 'unseen'}
                  </Badge>
                  <Text size="xs">{formatTime(message.createdAt)}</Text>
                  <RouteLink route={{ view: 'activity', filters: { transactionId: message.transactionId }, page: 0 }}>
                    its notification
                  </RouteLink>
                </Group>
                {message.subject && (
                  <Text size="sm" fw={600} className="break-anywhere">
                    {message.subject}
                  </Text>
                )}
                <Text size="sm" className="break-anywhere">
                  {message.content}
                </Text>
              </li>
            ))}
          </Stack>
        )}
      </Paper>
    </Stack>
  );
}

function channelsOn(channels: ChannelSwitches): string {
  const on = CHANNELS.filter((channel) => channels[channel]);
  return on.length === 0 ? 'none' : on.join(', ');
}
