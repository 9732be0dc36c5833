import { Group, List, Text } from '@mantine/core';

import type { HeraldApiClient } from '../api/herald-api.client';
import { StatusBadge } from '../layout/status-badge';
import { formatOffset, formatTime } from '../layout/times';
import type { TimelineStep } from './notification-timeline';
import { SentContentPanel } from './sent-content.panel';

const CHANNELS: ReadonlySet<string> = new Set(['email', 'sms', 'push', 'chat', 'in_app']);

/**
 * A step's job: where it stands, the provider, retries and digest, then each change with its time;
 * a delivered channel step can show the content it sent, re-rendered on demand.
 */
export function StepItem({
  api,
  notificationId,
  step,
  receivedAt,
}: {
  api: HeraldApiClient;
  notificationId: string;
  step: TimelineStep;
  receivedAt: string;
}) {
  return (
    <div data-testid="timeline-step" data-step-type={step.type} data-status={step.status}>
      <Group gap="xs" wrap="wrap">
        <StatusBadge status={step.status} />
        {step.provider && <Text size="sm">via {step.provider}</Text>}
        {step.attempts > 1 && <Text size="sm">{step.attempts} attempts</Text>}
        {step.digestedEvents !== undefined && (
          <Text size="sm">
            digest of {step.digestedEvents} event{step.digestedEvents === 1 ? '' : 's'}
          </Text>
        )}
      </Group>
      {step.entries.length === 0 ? (
        <Text size="sm">Waiting for the steps before it.</Text>
      ) : (
        <List size="sm" spacing={4} mt={4} listStyleType="none" className="plain-list">
          {step.entries.map((entry, index) => (
            <List.Item key={`${entry.at}-${index}`}>
              <Text size="sm" className="break-anywhere">
                <time dateTime={entry.at} title={formatTime(entry.at)}>
                  {formatOffset(entry.at, receivedAt)}
                </time>{' '}
                <strong>{entry.status}</strong>
                {entry.isRetry ? ` (retry, attempt ${entry.attempt})` : ''} — {entry.text}
                {entry.provider ? ` · ${entry.provider}` : ''}
                {entry.firesAt ? ` · fires at ${formatTime(entry.firesAt)}` : ''}
              </Text>
            </List.Item>
          ))}
        </List>
      )}
      {CHANNELS.has(step.type) && step.status === 'completed' && (
        <SentContentPanel api={api} notificationId={notificationId} jobId={step.jobId} stepName={step.name} />
      )}
    </div>
  );
}
