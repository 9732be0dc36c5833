import { Alert, Paper, Text, Title } from '@mantine/core';
import { useCallback, useMemo } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

import type { HeraldApiClient } from '../api/herald-api.client';
import { usePolling } from '../layout/use-polling';
import { chartMinutes, seriesTotals, totalsSentence } from './throughput-series';

/** Triggers, deliveries and failures per minute over the last hour, as Herald counts them (one route). */
export function ThroughputCard({ api }: { api: HeraldApiClient }) {
  const load = useCallback(() => api.throughput(), [api]);
  const { data, error } = usePolling(load, 15_000);
  const minutes = useMemo(() => (data ? chartMinutes(data) : []), [data]);
  const totals = data ? seriesTotals(data) : { triggers: 0, deliveries: 0, failures: 0 };
  const summary = totalsSentence(totals);

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
          <Text size="sm" data-testid="throughput-summary">
            {summary}.
          </Text>
          <div role="img" aria-label={`${summary}, per minute`} className="chart">
            <ResponsiveContainer width="100%" height={180}>
              <LineChart data={minutes} margin={{ top: 8, right: 8, bottom: 0, left: -24 }}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="minute" interval={14} tick={{ fontSize: 12 }} />
                <YAxis allowDecimals={false} tick={{ fontSize: 12 }} />
                <Tooltip />
                <Legend />
                <Line type="monotone" dataKey="triggers" stroke="#1864ab" dot={false} isAnimationActive={false} />
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
