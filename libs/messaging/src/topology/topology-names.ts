/** Default name of the one topic exchange every service publishes to. */
export const DEFAULT_EXCHANGE = 'herald';

const SEGMENT = /^[a-z0-9]+(?:[-_][a-z0-9]+)*$/;
const MAX_QUEUE_NAME_BYTES = 255;

/** Options that decide how broker object names are spelled. */
export interface TopologyNamesOptions {
  /** Base exchange name (default `herald`). */
  exchange?: string;
  /**
   * Prepended as `<prefix>.` to the exchange and every queue, so test suites (or tenants of a
   * shared vhost) stay apart. Empty by default.
   */
  namePrefix?: string;
}

/**
 * Derives the names of exchanges and queues. Queues are `<service>.<purpose>`; each work queue
 * has `<queue>.dead` and fixed-delay tiers `<queue>.retry.<ms>`.
 */
export class TopologyNames {
  /** The topic exchange name (prefix applied). */
  readonly exchange: string;
  private readonly prefix: string;

  constructor(options: TopologyNamesOptions = {}) {
    this.prefix = options.namePrefix ? `${options.namePrefix}.` : '';
    this.exchange = `${this.prefix}${options.exchange ?? DEFAULT_EXCHANGE}`;
  }

  /** The durable work queue `<service>.<purpose>` shared by all replicas of a service. */
  workQueue(service: string, purpose: string): string {
    return this.checked(`${this.prefix}${segment(service, 'service')}.${segment(purpose, 'purpose')}`);
  }

  /** The queue an RPC server of `service` consumes. */
  rpcQueue(service: string): string {
    return this.workQueue(service, 'rpc');
  }

  /** An exclusive per-replica queue, e.g. for cache invalidations every replica must see. */
  replicaQueue(service: string, purpose: string, replicaId: string): string {
    return this.checked(`${this.workQueue(service, purpose)}.${segment(replicaId, 'replica id')}`);
  }

  private checked(name: string): string {
    // Leave room for the longest suffix we derive from it (`.retry.<ms>`).
    if (Buffer.byteLength(name) > MAX_QUEUE_NAME_BYTES - 20) throw new Error(`queue name too long: ${name}`);
    return name;
  }
}

/** `<queue>.dead`: where messages end that failed validation or ran out of retries. */
export function deadLetterQueueName(queue: string): string {
  return `${queue}.dead`;
}

/** `<queue>.suspect`: deliveries whose consumer died holding them, handled one at a time (decision 0030). */
export function suspectQueueName(queue: string): string {
  return `${queue}.suspect`;
}

/** `<queue>.retry.<ms>`: a fixed-delay tier that hands messages back to `queue` after `delayMs`. */
export function retryQueueName(queue: string, delayMs: number): string {
  return `${queue}.retry.${delayMs}`;
}

/** The work queue a name refers to, accepting either `<queue>` or `<queue>.dead`. */
export function workQueueOf(name: string): string {
  return name.endsWith('.dead') ? name.slice(0, -'.dead'.length) : name;
}

function segment(value: string, what: string): string {
  if (!SEGMENT.test(value)) throw new Error(`invalid ${what} "${value}": use lower-case letters, digits, '-' and '_'`);
  return value;
}
