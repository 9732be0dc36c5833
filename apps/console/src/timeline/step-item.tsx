import { Group, List, Text } from '@mantine/core';

import { StatusBadge } from '../layout/status-badge';
import { formatOffset, formatTime } from '../layout/times';
import type { TimelineStep } from './notification-timeline';

/** A step's job: where it stands, the provider, retries and digest, then each change with its time. */
export function StepItem({ step, receivedAt }: { step: TimelineStep; receivedAt: string }) {
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
    </div>
  );
}
