import { Accordion, Alert, Badge, Button, Code, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useCallback, useState } from 'react';

import { formatTime } from '../layout/times';
import { displayBody, messages } from './dead-letter-body';
import type { OperatorApiClient } from './operator-api.client';
import { failureSentence, useOperatorCall } from './use-operator-call';

/**
 * What each work queue has parked in its `.dead` queue; one queue's messages with their reason,
 * attempts and body; replay of all of them (what `herald dlq list|replay` does).
 */
export function DeadLettersView({ api }: { api: OperatorApiClient }) {
  const counts = useOperatorCall(useCallback(() => api.deadLetterCounts(), [api]));
  const [queue, setQueue] = useState<string>();
  const [replayed, setReplayed] = useState<string>();

  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap">
        <Title order={1} size="h2">
          Dead letters
        </Title>
        <Button variant="default" size="xs" onClick={counts.reload} loading={counts.loading}>
          Refresh
        </Button>
      </Group>
      <Text size="sm">
        A message lands in its queue’s <Code>.dead</Code> queue when it fails validation, runs out of retries or keeps
        crashing its consumer. Fix the cause first, then replay it: it goes back to the work queue with a fresh attempt
        counter.
      </Text>
      {counts.error && (
        <Alert color="red" title="The dead-letter queues could not be read" role="alert">
          {counts.error}
        </Alert>
      )}
      {replayed && (
        <Alert color="green" title="Replayed" data-testid="replayed">
          {replayed}
        </Alert>
      )}
      {counts.loading && !counts.data && <Loader aria-label="Loading dead-letter queues" />}
      {counts.data && (
        <Stack component="ul" gap={4} p={0} m={0} className="plain-list" aria-label="Dead-letter queues">
          {counts.data.map((entry) => (
            <Group
              component="li"
              key={entry.queue}
              justify="space-between"
              wrap="nowrap"
              gap="xs"
              data-testid="dead-letter-queue"
              data-queue={entry.queue}
              data-count={entry.count ?? ''}
            >
              <Text size="sm" className="break-anywhere" miw={0}>
                {entry.queue}
              </Text>
              {entry.count === null ? (
                <Text size="sm">not declared</Text>
              ) : entry.count === 0 ? (
                <Text size="sm">empty</Text>
              ) : (
                <Button
                  size="compact-sm"
                  variant={queue === entry.queue ? 'filled' : 'outline'}
                  color="red.9"
                  onClick={() => {
                    setReplayed(undefined);
                    setQueue(entry.queue);
                  }}
                  aria-label={`Show ${messages(entry.count)} in ${entry.queue}`}
                >
                  {messages(entry.count)}
                </Button>
              )}
            </Group>
          ))}
        </Stack>
      )}
      {queue && (
        <QueueDeadLetters
          key={queue}
          api={api}
          queue={queue}
          onReplayed={(sentence) => {
            setReplayed(sentence);
            setQueue(undefined);
            counts.reload();
          }}
        />
      )}
    </Stack>
  );
}

function QueueDeadLetters({
  api,
  queue,
  onReplayed,
}: {
  api: OperatorApiClient;
  queue: string;
  onReplayed(sentence: string): void;
}) {
  const listing = useOperatorCall(useCallback(() => api.deadLetters(queue), [api, queue]));
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const replay = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const { replayed } = await api.replay(queue);
      onReplayed(
        `${messages(replayed)} moved from ${queue}.dead back to ${queue}. A message that fails again comes back here with its new reason.`,
      );
    } catch (reason) {
      setError(failureSentence(reason));
      setBusy(false);
    }
  };

  return (
    <Paper withBorder p="sm" component="section" aria-labelledby="dead-letter-queue-title">
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Title order={2} size="h3" id="dead-letter-queue-title" className="break-anywhere">
            {queue}.dead
          </Title>
          {listing.data && listing.data.count > 0 && (
            <Button color="red.9" loading={busy} onClick={replay}>
              Replay all {listing.data.count}
            </Button>
          )}
        </Group>
        {(error ?? listing.error) && (
          <Alert color="red" title="That did not work" role="alert">
            {error ?? listing.error}
          </Alert>
        )}
        {listing.loading && !listing.data && <Loader aria-label="Loading dead letters" />}
        {listing.data && listing.data.messages.length < listing.data.count && (
          <Text size="sm">
            Showing the oldest {listing.data.messages.length} of {listing.data.count}; replay moves all of them.
          </Text>
        )}
        {listing.data && listing.data.count === 0 && <Text>Nothing is parked here any more.</Text>}
        {listing.data && listing.data.messages.length > 0 && (
          <Accordion variant="separated" multiple defaultValue={['0']}>
            {listing.data.messages.map((message, index) => (
              <Accordion.Item
                key={`${message.messageId ?? ''}-${index}`}
                value={String(index)}
                data-testid="dead-letter"
              >
                <Accordion.Control>
                  <Stack gap={2}>
                    <Text size="sm" fw={600} className="break-anywhere">
                      {message.reason}
                    </Text>
                    <Group gap="xs" wrap="wrap">
                      {message.type && <Badge variant="light">{message.type}</Badge>}
                      <Text size="xs">
                        {message.failedAt ? `failed ${formatTime(message.failedAt)}` : 'failure time unknown'} ·{' '}
                        {message.attempts} attempt{message.attempts === 1 ? '' : 's'}
                      </Text>
                    </Group>
                  </Stack>
                </Accordion.Control>
                <Accordion.Panel>
                  <Stack gap="xs">
                    <Text size="xs" className="break-anywhere">
                      Message id <Code>{message.messageId ?? 'none'}</Code>
                      {message.originalRoutingKey && (
                        <>
                          {' '}
                          · routing key <Code>{message.originalRoutingKey}</Code>
                        </>
                      )}
                    </Text>
                    <Code block className="wrapping-code" aria-label="Message body" data-testid="dead-letter-body">
                      {displayBody(message.body, message.bodyTruncated)}
                    </Code>
                  </Stack>
                </Accordion.Panel>
              </Accordion.Item>
            ))}
          </Accordion>
        )}
      </Stack>
    </Paper>
  );
}
