import { MetricsRegistry } from '@herald/observability';
import { Inject, Injectable } from '@nestjs/common';
import { Counter, Histogram, type Registry } from 'prom-client';

function counter<L extends string>(registry: Registry, name: string, help: string, labelNames: L[]): Counter<L> {
  return (
    (registry.getSingleMetric(name) as Counter<L> | undefined) ??
    new Counter({ name, help, labelNames, registers: [registry] })
  );
}

/** trigger-worker's own Prometheus metrics (no environment labels: unbounded cardinality). */
@Injectable()
export class WorkerMetrics {
  /** Triggers processed, by outcome (`accepted`, `duplicate`). */
  readonly triggers: Counter<'outcome'>;
  /** Notifications created (fan-out included). */
  readonly notifications: Counter<never>;
  /** Job status changes made, by the status reached. */
  readonly jobTransitions: Counter<'status'>;
  /** Runner status events that changed nothing, by reason. */
  readonly statusEventsIgnored: Counter<'reason'>;
  /** Digest arrivals by outcome (`digesting`, `merged`, `skipped`). */
  readonly digestArrivals: Counter<'outcome'>;
  /** Throttle arrivals by outcome (`passed`, `throttled`). */
  readonly throttleArrivals: Counter<'outcome'>;
  /** Timers fired, by kind and outcome (`fired`, `failed`). */
  readonly timersFired: Counter<'kind' | 'outcome'>;
  /** Delivery jobs held at their environment's dispatch cap (decision 0032). */
  readonly dispatchHeld: Counter<never>;
  /** Held delivery jobs released to their runner. */
  readonly dispatchReleased: Counter<never>;
  /** How late timers fire (claim time minus run_at). */
  readonly timerLag: Histogram<'kind'>;

  constructor(@Inject(MetricsRegistry) metrics: MetricsRegistry) {
    const registry = metrics.registry;
    this.triggers = counter(
      registry,
      'herald_worker_triggers_total',
      'Triggers processed, by outcome (accepted, duplicate).',
      ['outcome'],
    );
    this.notifications = counter(registry, 'herald_worker_notifications_created_total', 'Notifications created.', []);
    this.jobTransitions = counter(
      registry,
      'herald_worker_job_transitions_total',
      'Job status changes, by the status reached.',
      ['status'],
    );
    this.statusEventsIgnored = counter(
      registry,
      'herald_worker_status_events_ignored_total',
      'Runner status events that changed nothing, by reason.',
      ['reason'],
    );
    this.digestArrivals = counter(registry, 'herald_worker_digest_arrivals_total', 'Digest arrivals, by outcome.', [
      'outcome',
    ]);
    this.throttleArrivals = counter(
      registry,
      'herald_worker_throttle_arrivals_total',
      'Throttle arrivals, by outcome.',
      ['outcome'],
    );
    this.timersFired = counter(
      registry,
      'herald_worker_timers_fired_total',
      'Scheduler timers handled, by kind and outcome.',
      ['kind', 'outcome'],
    );
    this.dispatchHeld = counter(
      registry,
      'herald_worker_dispatch_held_total',
      'Delivery jobs held because their environment had its cap of jobs in flight on the channel.',
      [],
    );
    this.dispatchReleased = counter(
      registry,
      'herald_worker_dispatch_released_total',
      'Held delivery jobs released to their runner.',
      [],
    );
    this.timerLag =
      (registry.getSingleMetric('herald_worker_timer_lag_seconds') as Histogram<'kind'> | undefined) ??
      new Histogram({
        name: 'herald_worker_timer_lag_seconds',
        help: 'Delay between a timer being due and being claimed.',
        labelNames: ['kind'],
        buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
        registers: [registry],
      });
  }
}
