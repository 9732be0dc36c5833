import { Alert, Paper, Text, Title } from '@mantine/core';
import { useCallback, useMemo } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

import type { ActivityNotification } from '../api/activity.types';
import type { HeraldApiClient } from '../api/herald-api.client';
import { usePolling } from '../layout/use-polling';
import { throughputBuckets } from './throughput-buckets';

const HOUR_MS = 60 * 60_000;
const PAGE_SIZE = 50;
/** The chart reads at most this many pages of the feed: a glance, not a report. */
const MAX_PAGES = 4;

async function lastHour(api: HeraldApiClient): Promise<{ notifications: ActivityNotification[]; capped: boolean }> {
  const since = Date.now() - HOUR_MS;
  const notifications: ActivityNotification[] = [];
  for (let page = 0; page < MAX_PAGES; page++) {
    const answer = await api.notifications({}, page, PAGE_SIZE);
    notifications.push(...answer.data);
    const oldest = answer.data.at(-1);
    if (!answer.hasMore || !oldest || Date.parse(oldest.createdAt) < since) return { notifications, capped: false };
  }
  return { notifications, capped: true };
}

/** Triggers, deliveries and failures per minute over the last hour, from the activity feed. */
export function ThroughputCard({ api }: { api: HeraldApiClient }) {
  const load = useCallback(() => lastHour(api), [api]);
  const { data, error } = usePolling(load, 15_000);
  const buckets = useMemo(() => (data ? throughputBuckets(data.notifications, Date.now()) : []), [data]);
  const totals = buckets.reduce(
    (sum, bucket) => ({
      triggers: sum.triggers + bucket.triggers,
      deliveries: sum.deliveries + bucket.deliveries,
      failures: sum.failures + bucket.failures,
    }),
    { triggers: 0, deliveries: 0, failures: 0 },
  );
  const summary = `Last hour: ${totals.triggers} notifications, ${totals.deliveries} deliveries, ${totals.failures} failures`;

  return (
    <Paper withBorder p="sm" data-testid="throughput">
      <Title order={2} size="h4">
        Throughput
      </Title>
      {error ? (
        <Alert color="red" role="alert" mt="xs">
          {error}
        </Alert>
      ) : (
        <>
          <Text size="sm">
            {summary}
            {data?.capped ? ` (the latest ${MAX_PAGES * PAGE_SIZE} notifications only)` : ''}.
          </Text>
          <div role="img" aria-label={`${summary}, per minute`} className="chart">
            <ResponsiveContainer width="100%" height={180}>
              <LineChart data={buckets} margin={{ top: 8, right: 8, bottom: 0, left: -24 }}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="minute" interval={14} tick={{ fontSize: 12 }} />
                <YAxis allowDecimals={false} tick={{ fontSize: 12 }} />
                <Tooltip />
                <Legend />
                <Line
                  type="monotone"
                  dataKey="triggers"
                  name="notifications"
                  stroke="#1864ab"
                  dot={false}
                  isAnimationActive={false}
                />
                <Line type="monotone" dataKey="deliveries" stroke="#1f6b2e" dot={false} isAnimationActive={false} />
                <Line type="monotone" dataKey="failures" stroke="#b02525" dot={false} isAnimationActive={false} />
              </LineChart>
            </ResponsiveContainer>
          </div>
        </>
      )}
    </Paper>
  );
}
