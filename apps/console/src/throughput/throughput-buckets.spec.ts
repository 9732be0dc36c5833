import type { ActivityNotification } from '../api/activity.types';
import { throughputBuckets } from './throughput-buckets';

describe('throughput buckets', () => {
  it('counts triggers, deliveries and failures per minute over the last hour', () => {
    const now = Date.parse('2026-12-06T07:30:30.000Z');
    const notification = (createdAt: string, details: [string, string, string][]) =>
      ({
        createdAt,
        jobs: details.map(([type, jobStatus, at]) => ({ type, executionDetails: [{ jobStatus, createdAt: at }] })),
      }) as unknown as ActivityNotification;
    const buckets = throughputBuckets(
      [
        notification('2026-12-06T07:30:01.000Z', [
          ['email', 'completed', '2026-12-06T07:30:02.000Z'],
          ['delay', 'completed', '2026-12-06T07:30:02.000Z'],
        ]),
        notification('2026-12-06T07:29:59.000Z', [['sms', 'failed', '2026-12-06T07:30:00.000Z']]),
        notification('2026-12-06T06:00:00.000Z', [['email', 'completed', '2026-12-06T06:00:01.000Z']]),
      ],
      now,
    );
    expect(buckets).toHaveLength(60);
    expect(buckets[59]).toMatchObject({ triggers: 1, deliveries: 1, failures: 1 });
    expect(buckets[58]).toMatchObject({ triggers: 1, deliveries: 0, failures: 0 });
    expect(buckets.reduce((sum, bucket) => sum + bucket.triggers, 0)).toBe(2);
  });
});
