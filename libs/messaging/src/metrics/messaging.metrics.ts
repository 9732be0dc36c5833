import { Counter, Registry } from 'prom-client';

/** Prometheus counters of the messaging lib. Pass one to the publisher, consumers and relay. */
export class MessagingMetrics {
  /** Publishes by exchange and outcome (`confirmed` / `failed`). */
  readonly published: Counter<'exchange' | 'outcome'>;
  /**
   * Deliveries handled, by queue and outcome (`acked`, `retried`, `dead-lettered`, `quarantined`,
   * `suspected` — moved to the suspect lane —, `requeued`, `dropped`).
   */
  readonly consumed: Counter<'queue' | 'outcome'>;
  /** Messages sent to a retry tier, by queue. */
  readonly retried: Counter<'queue'>;
  /** Messages dead-lettered by a consumer, by queue and reason kind (`invalid` / `exhausted` / `quarantined`). */
  readonly deadLettered: Counter<'queue' | 'reason'>;

  constructor(registry: Registry) {
    this.published = counter(
      registry,
      'herald_messages_published_total',
      'Messages published with confirms, by outcome.',
      ['exchange', 'outcome'],
    );
    this.consumed = counter(registry, 'herald_messages_consumed_total', 'Messages consumed, by queue and outcome.', [
      'queue',
      'outcome',
    ]);
    this.retried = counter(registry, 'herald_messages_retried_total', 'Messages sent to a retry tier.', ['queue']);
    this.deadLettered = counter(
      registry,
      'herald_messages_dead_lettered_total',
      'Messages dead-lettered by a consumer.',
      ['queue', 'reason'],
    );
  }
}

// Reuse a counter already in the registry, so two components sharing one registry do not clash.
function counter<L extends string>(registry: Registry, name: string, help: string, labelNames: L[]): Counter<L> {
  const existing = registry.getSingleMetric(name);
  if (existing) return existing as Counter<L>;
  return new Counter({ name, help, labelNames, registers: [registry] });
}
