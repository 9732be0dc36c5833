import type { ThroughputSeries } from '../api/resources.types';
import { chartMinutes, seriesTotals, totalsSentence } from './throughput-series';

const series: ThroughputSeries = {
  from: '2026-12-06T07:28:00.000Z',
  to: '2026-12-06T07:30:30.000Z',
  bucketSeconds: 60,
  points: [
    { at: '2026-12-06T07:28:00.000Z', triggers: 0, deliveries: 0, failures: 0 },
    { at: '2026-12-06T07:29:00.000Z', triggers: 3, deliveries: 2, failures: 1 },
    { at: '2026-12-06T07:30:00.000Z', triggers: 1, deliveries: 4, failures: 0 },
  ],
};

describe('throughput series', () => {
  it('keeps every minute in order with its counts, labelled in local time', () => {
    const minutes = chartMinutes(series);
    expect(minutes.map(({ triggers, deliveries, failures }) => [triggers, deliveries, failures])).toEqual([
      [0, 0, 0],
      [3, 2, 1],
      [1, 4, 0],
    ]);
    const local = new Date('2026-12-06T07:29:00.000Z');
    const label = `${String(local.getHours()).padStart(2, '0')}:${String(local.getMinutes()).padStart(2, '0')}`;
    expect(minutes[1].minute).toBe(label);
  });

  it('sums the hour', () => {
    expect(seriesTotals(series)).toEqual({ triggers: 4, deliveries: 6, failures: 1 });
    expect(totalsSentence(seriesTotals(series))).toBe('Last hour: 4 triggers, 6 deliveries, 1 failure');
    expect(totalsSentence({ triggers: 1, deliveries: 1, failures: 0 })).toBe(
      'Last hour: 1 trigger, 1 delivery, 0 failures',
    );
  });
});
