import { Badge } from '@mantine/core';

const COLORS: Readonly<Record<string, string>> = {
  completed: 'green',
  delivered: 'green',
  failed: 'red',
  canceled: 'gray',
  skipped: 'gray',
  merged: 'grape',
  delayed: 'yellow',
  pending: 'gray',
  queued: 'blue',
  running: 'blue',
  'in progress': 'blue',
};

/** A status as a coloured word; colour is never the only carrier (the word is always there). */
export function StatusBadge({ status }: { status: string }) {
  return (
    <Badge color={COLORS[status] ?? 'gray'} variant="light" radius="sm">
      {status}
    </Badge>
  );
}
