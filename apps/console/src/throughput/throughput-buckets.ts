import type { ActivityNotification } from '../api/activity.types';

const CHANNELS: ReadonlySet<string> = new Set(['email', 'sms', 'push', 'chat', 'in_app']);

/** One minute of the chart. */
export interface ThroughputMinute {
  /** `HH:MM`, local time. */
  minute: string;
  triggers: number;
  deliveries: number;
  failures: number;
}

function minuteLabel(at: number): string {
  const date = new Date(at);
  return `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
}

/**
 * Per minute over the `minutes` before `now`: notifications created (triggers reaching a
 * subscriber), channel deliveries completed and channel jobs failed, from the activity feed's
 * own records (execution details carry the time of each change).
 */
export function throughputBuckets(
  notifications: readonly ActivityNotification[],
  now: number,
  minutes = 60,
): ThroughputMinute[] {
  const end = Math.floor(now / 60_000) * 60_000 + 60_000;
  const start = end - minutes * 60_000;
  const buckets = Array.from({ length: minutes }, (_, index) => ({
    minute: minuteLabel(start + index * 60_000),
    triggers: 0,
    deliveries: 0,
    failures: 0,
  }));
  const at = (iso: string): ThroughputMinute | undefined => {
    const time = Date.parse(iso);
    return time >= start && time < end ? buckets[Math.floor((time - start) / 60_000)] : undefined;
  };
  for (const notification of notifications) {
    const created = at(notification.createdAt);
    if (created) created.triggers += 1;
    for (const job of notification.jobs) {
      if (!CHANNELS.has(job.type)) continue;
      for (const detail of job.executionDetails) {
        const bucket = at(detail.createdAt);
        if (!bucket) continue;
        if (detail.jobStatus === 'completed') bucket.deliveries += 1;
        if (detail.jobStatus === 'failed') bucket.failures += 1;
      }
    }
  }
  return buckets;
}
