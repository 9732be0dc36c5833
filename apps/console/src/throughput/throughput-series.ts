import type { ThroughputSeries } from '../api/resources.types';

/** One minute of the chart. */
export interface ThroughputMinute {
  /** `HH:MM`, local time. */
  minute: string;
  triggers: number;
  deliveries: number;
  failures: number;
}

export interface ThroughputTotals {
  triggers: number;
  deliveries: number;
  failures: number;
}

function minuteLabel(at: string): string {
  const date = new Date(at);
  return `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
}

/** Herald's per-minute series as the chart draws it: local `HH:MM` labels, oldest first. */
export function chartMinutes(series: ThroughputSeries): ThroughputMinute[] {
  return series.points.map(({ at, triggers, deliveries, failures }) => ({
    minute: minuteLabel(at),
    triggers,
    deliveries,
    failures,
  }));
}

/** The series' sums. */
export function seriesTotals(series: ThroughputSeries): ThroughputTotals {
  return series.points.reduce(
    (sum, point) => ({
      triggers: sum.triggers + point.triggers,
      deliveries: sum.deliveries + point.deliveries,
      failures: sum.failures + point.failures,
    }),
    { triggers: 0, deliveries: 0, failures: 0 },
  );
}

const counted = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/** The hour in one sentence: `Last hour: 3 triggers, 1 delivery, 0 failures`. */
export function totalsSentence(totals: ThroughputTotals): string {
  return `Last hour: ${counted(totals.triggers, 'trigger', 'triggers')}, ${counted(
    totals.deliveries,
    'delivery',
    'deliveries',
  )}, ${counted(totals.failures, 'failure', 'failures')}`;
}
