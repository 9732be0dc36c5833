import { Alert, Button, Code, Group, Loader, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useCallback, useState } from 'react';

import type { HeraldApiClient } from '../api/herald-api.client';
import { useNavigate } from '../layout/navigation';
import { RouteLink } from '../layout/route-link';
import { formatTime } from '../layout/times';
import { useLoaded } from '../layout/use-loaded';

/** The environment's subscribers, newest first, found by subscriberId or email. */
export function SubscribersView({ api, search }: { api: HeraldApiClient; search?: string }) {
  const navigate = useNavigate();
  const [term, setTerm] = useState(search ?? '');
  const page = useLoaded(useCallback(() => api.subscribers(search), [api, search]));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    navigate({ view: 'subscribers', search: term.trim() || undefined });
  };

  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        Subscribers
      </Title>
      <form onSubmit={submit} aria-label="Find subscribers">
        <Group align="end" gap="xs" wrap="wrap">
          <TextInput
            label="subscriberId (prefix) or email"
            value={term}
            onChange={(event) => setTerm(event.currentTarget.value)}
            miw={0}
            style={{ flex: '1 1 14rem' }}
          />
          <Button type="submit" variant="default">
            Find
          </Button>
        </Group>
      </form>
      {page.error && (
        <Alert color="red" title="The subscribers could not be loaded" role="alert">
          {page.error}
        </Alert>
      )}
      {page.loading && <Loader aria-label="Loading subscribers" />}
      {page.data && page.data.data.length === 0 && (
        <Text data-testid="no-subscribers">
          {search
            ? `No subscriber matches “${search}”. subscriberIds match by their beginning; emails match whole.`
            : 'No subscriber yet. A trigger creates its recipients, or create one with POST /v2/subscribers.'}
        </Text>
      )}
      {page.data && page.data.data.length > 0 && (
        <Stack component="ul" gap="xs" p={0} m={0} className="plain-list" aria-label="Subscribers, newest first">
          {page.data.data.map((subscriber) => (
            <Paper component="li" withBorder p="xs" key={subscriber._id} data-testid="subscriber-row">
              <Group justify="space-between" wrap="wrap" gap="xs">
                <RouteLink route={{ view: 'subscriber', subscriberId: subscriber.subscriberId }}>
                  {subscriber.subscriberId}
                </RouteLink>
                <Text size="sm" className="break-anywhere">
                  {[subscriber.firstName, subscriber.lastName].filter(Boolean).join(' ') || 'no name'}
                  {subscriber.email ? ` · ${subscriber.email}` : ''}
                </Text>
                <Text size="xs">created {formatTime(subscriber.createdAt)}</Text>
              </Group>
            </Paper>
          ))}
        </Stack>
      )}
      {page.data && page.data.next && (
        <Text size="sm">
          Showing the newest 20; find older ones by their <Code>subscriberId</Code>.
        </Text>
      )}
    </Stack>
  );
}
