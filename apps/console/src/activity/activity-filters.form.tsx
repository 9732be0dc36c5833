import { Button, Group, Select, SimpleGrid, TextInput } from '@mantine/core';
import { type FormEvent, useEffect, useState } from 'react';

import type { ActivityFilters } from '../api/activity.types';
import { isoToLocalInput, localInputToIso } from './local-time';

const CHANNELS = [
  { value: 'email', label: 'Email' },
  { value: 'sms', label: 'SMS' },
  { value: 'push', label: 'Push' },
  { value: 'chat', label: 'Chat' },
  { value: 'in_app', label: 'In-app' },
];

const STATUSES = [
  { value: 'failed', label: 'a step failed' },
  { value: 'delayed', label: 'waiting (delay or digest)' },
  { value: 'queued', label: 'queued' },
  { value: 'running', label: 'running' },
  { value: 'pending', label: 'pending' },
  { value: 'completed', label: 'a step completed' },
  { value: 'skipped', label: 'a step skipped' },
  { value: 'canceled', label: 'canceled' },
  { value: 'merged', label: 'merged into a digest' },
];

/** The activity filters Herald's API supports; applied on submit, so typing does not flood the API. */
export function ActivityFiltersForm({
  filters,
  onApply,
}: {
  filters: ActivityFilters;
  onApply(filters: ActivityFilters): void;
}) {
  const [draft, setDraft] = useState<ActivityFilters>(filters);
  useEffect(() => setDraft(filters), [filters]);
  const field = (key: keyof ActivityFilters) => ({
    value: draft[key] ?? '',
    onChange: (event: { currentTarget: { value: string } }) =>
      setDraft({ ...draft, [key]: event.currentTarget.value.trim() || undefined }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply(draft);
  };

  return (
    <form onSubmit={submit} aria-label="Filter notifications">
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="sm">
        <TextInput label="Workflow" placeholder="identifier or id" name="workflow" {...field('workflow')} />
        <TextInput label="Subscriber" placeholder="subscriberId" name="subscriberId" {...field('subscriberId')} />
        <TextInput label="Transaction" placeholder="transactionId" name="transactionId" {...field('transactionId')} />
        <Select
          label="Channel"
          placeholder="any channel"
          data={CHANNELS}
          clearable
          value={draft.channel ?? null}
          onChange={(value) => setDraft({ ...draft, channel: value ?? undefined })}
        />
        <Select
          label="Status"
          placeholder="any status"
          data={STATUSES}
          clearable
          value={draft.status ?? null}
          onChange={(value) => setDraft({ ...draft, status: value ?? undefined })}
        />
        <TextInput
          label="Created from"
          type="datetime-local"
          name="after"
          value={isoToLocalInput(draft.after)}
          onChange={(event) => setDraft({ ...draft, after: localInputToIso(event.currentTarget.value) })}
        />
        <TextInput
          label="Created before"
          type="datetime-local"
          name="before"
          value={isoToLocalInput(draft.before)}
          onChange={(event) => setDraft({ ...draft, before: localInputToIso(event.currentTarget.value) })}
        />
      </SimpleGrid>
      <Group mt="sm" gap="sm">
        <Button type="submit">Apply filters</Button>
        <Button variant="default" onClick={() => onApply({})}>
          Clear
        </Button>
      </Group>
    </form>
  );
}
