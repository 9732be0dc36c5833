import type { SeededRandom } from './chaos-profile';
import { pause } from './run-command.util';

/** The four workflow shapes of the mixed load. */
export type WorkloadKind = 'in-app' | 'email' | 'delay-email' | 'digest-in-app';

/** One trigger of the load and what became of it. */
export interface PlannedTrigger {
  index: number;
  kind: WorkloadKind;
  subscriberId: string;
  idempotencyKey: string;
  body: Record<string, unknown>;
  /** Set once the gateway answered 201 with `acknowledged: true`. */
  transactionId?: string;
  /** Requests sent for it (1 when the first was acknowledged). */
  attempts: number;
  /** A 4xx other than 409/429: the gateway refused the request for good (the client would not retry). */
  rejected?: { status: number; body: string };
  /** Carries the test poison marker: it kills trigger-worker until it is quarantined (decision 0030). */
  poison?: boolean;
}

/** Why requests were retried, by reason (`connection refused`, `503`, `timeout`, …). */
export type RetryTally = Map<string, number>;

/** The workflow identifiers of the run, one per kind. */
export type WorkflowIds = Record<WorkloadKind, string>;

const MIX: readonly [WorkloadKind, number][] = [
  ['in-app', 0.35],
  ['email', 0.3],
  ['delay-email', 0.15],
  ['digest-in-app', 0.2],
];
const PLAIN_SUBSCRIBERS = 100;
const DIGEST_SUBSCRIBERS = 15;
const REQUEST_TIMEOUT_MS = 15_000;
const GIVE_UP_AFTER_MS = 360_000;

/** The email address a chaos subscriber gets (the SMTP receiver accepts any). */
export const chaosEmail = (subscriberId: string) => `${subscriberId}@chaos.example`;

/**
 * The triggers of a run in send order: kinds by the fixed mix, subscribers from small pools (digests
 * need repeats). `poison` in-app triggers, spread evenly over the load, carry `poisonMarker` in their payload.
 */
export function planTriggers(
  count: number,
  runId: string,
  workflows: WorkflowIds,
  random: SeededRandom,
  poison: { count: number; marker: string } = { count: 0, marker: '' },
): PlannedTrigger[] {
  const spread = (n: number) => Math.floor(((n + 1) * count) / (poison.count + 1));
  const poisonAt = new Set(Array.from({ length: poison.count }, (_, n) => spread(n)));
  return Array.from({ length: count }, (_, index) => {
    if (poisonAt.has(index)) {
      const subscriberId = `poison-${runId}-${index}`;
      const payload = { n: index, note: poison.marker };
      const body = { name: workflows['in-app'], to: { subscriberId, email: chaosEmail(subscriberId) }, payload };
      const idempotencyKey = `chaos-${runId}-${index}`;
      return { index, kind: 'in-app', subscriberId, idempotencyKey, body, attempts: 0, poison: true };
    }
    let roll = random.next();
    const kind = MIX.find(([, weight]) => (roll -= weight) < 0)?.[0] ?? 'in-app';
    const subscriberId =
      kind === 'digest-in-app'
        ? `dig-${runId}-${index % DIGEST_SUBSCRIBERS}`
        : `sub-${runId}-${index % PLAIN_SUBSCRIBERS}`;
    return {
      index,
      kind,
      subscriberId,
      idempotencyKey: `chaos-${runId}-${index}`,
      body: { name: workflows[kind], to: { subscriberId, email: chaosEmail(subscriberId) }, payload: { n: index } },
      attempts: 0,
    };
  });
}

/** Where and how fast to send. */
export interface LoadOptions {
  apiUrl: string;
  apiKey: string;
  ratePerSecond: number;
  maxInFlight: number;
  /** Holds the triggers from this index on until `until` resolves (the disruptions are over), so every disruption strikes under load. */
  hold?: { fromIndex: number; until: Promise<unknown> };
}

/** How many triggers the load has started, for whoever waits for a point in it. */
export class LoadProgress {
  private started = 0;
  private readonly waiters: { count: number; resolve: () => void }[] = [];

  get sent(): number {
    return this.started;
  }

  /** Resolves once `count` triggers have been started. */
  waitUntilSent(count: number): Promise<void> {
    if (this.started >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  }

  /** Counts one more started trigger. */
  markSent(): void {
    this.started += 1;
    for (const waiter of this.waiters.filter((candidate) => candidate.count <= this.started)) {
      this.waiters.splice(this.waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  }
}

/**
 * Sends every planned trigger at a steady rate (holding where `options.hold` says), at most `maxInFlight` at once, and retries each
 * one — with the same body and `Idempotency-Key`, as a client must — until the gateway
 * acknowledges it: after a refused connection, a timeout, a 5xx, a 409 (the key is still leased
 * by a request that was running when its gateway died) or a 429. Resolves when every trigger is
 * acknowledged, rejected, or given up after six minutes.
 */
export async function sendLoad(
  triggers: PlannedTrigger[],
  options: LoadOptions,
  retries: RetryTally,
  progress = new LoadProgress(),
): Promise<void> {
  let started = Date.now();
  let inFlight = 0;
  const waiting: (() => void)[] = [];
  const acquire = async () => {
    while (inFlight >= options.maxInFlight) await new Promise<void>((resolve) => waiting.push(resolve));
    inFlight += 1;
  };
  const release = () => {
    inFlight -= 1;
    waiting.shift()?.();
  };
  const sends: Promise<void>[] = [];
  for (const trigger of triggers) {
    if (options.hold && trigger.index === options.hold.fromIndex) {
      const heldAt = Date.now();
      await options.hold.until;
      started += Date.now() - heldAt;
    }
    const due = started + (trigger.index * 1000) / options.ratePerSecond;
    if (due > Date.now()) await pause(due - Date.now());
    await acquire();
    progress.markSent();
    sends.push(sendUntilAcknowledged(trigger, options, retries).finally(release));
  }
  await Promise.all(sends);
}

async function sendUntilAcknowledged(
  trigger: PlannedTrigger,
  options: LoadOptions,
  retries: RetryTally,
): Promise<void> {
  const giveUpAt = Date.now() + GIVE_UP_AFTER_MS;
  let backoffMs = 250;
  while (Date.now() < giveUpAt) {
    trigger.attempts += 1;
    const outcome = await sendOnce(trigger, options);
    if (outcome.kind === 'acknowledged') {
      trigger.transactionId = outcome.transactionId;
      return;
    }
    if (outcome.kind === 'rejected') {
      trigger.rejected = { status: outcome.status, body: outcome.body };
      return;
    }
    retries.set(outcome.reason, (retries.get(outcome.reason) ?? 0) + 1);
    await pause(outcome.retryAfterMs ?? backoffMs);
    backoffMs = Math.min(backoffMs * 2, 2_000);
  }
}

type SendOutcome =
  | { kind: 'acknowledged'; transactionId: string }
  | { kind: 'rejected'; status: number; body: string }
  | { kind: 'retry'; reason: string; retryAfterMs?: number };

async function sendOnce(trigger: PlannedTrigger, options: LoadOptions): Promise<SendOutcome> {
  let response: Response;
  let text: string;
  try {
    response = await fetch(`${options.apiUrl}/v1/events/trigger`, {
      method: 'POST',
      headers: {
        Authorization: `ApiKey ${options.apiKey}`,
        'Content-Type': 'application/json',
        'Idempotency-Key': trigger.idempotencyKey,
      },
      body: JSON.stringify(trigger.body),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    text = await response.text();
  } catch (error) {
    return { kind: 'retry', reason: networkReason(error) };
  }
  if (response.status === 201) {
    const data = (JSON.parse(text) as { data?: { acknowledged?: boolean; transactionId?: string } }).data;
    if (data?.acknowledged && data.transactionId) return { kind: 'acknowledged', transactionId: data.transactionId };
    return { kind: 'rejected', status: 201, body: text.slice(0, 500) };
  }
  if (response.status >= 500 || response.status === 409 || response.status === 429) {
    const retryAfter = Number(response.headers.get('retry-after'));
    return {
      kind: 'retry',
      reason: `${response.status}${response.status >= 500 ? ` ${errorMessage(text)}` : ''}`,
      retryAfterMs: Number.isFinite(retryAfter) && retryAfter > 0 ? Math.min(retryAfter * 1000, 5_000) : undefined,
    };
  }
  return { kind: 'rejected', status: response.status, body: text.slice(0, 500) };
}

/** The error body's message, shortened, so the tally tells a 503 "broker unavailable" from a 500. */
function errorMessage(text: string): string {
  try {
    const body = JSON.parse(text) as { message?: unknown; error?: unknown };
    const message = typeof body.message === 'string' ? body.message : typeof body.error === 'string' ? body.error : '';
    return message ? `"${message.slice(0, 80)}"` : '';
  } catch {
    return '';
  }
}

interface NetworkCause {
  code?: string;
  message?: string;
  errors?: NetworkCause[];
}

// Duck-typed: under jest, fetch's errors come from another realm, so `instanceof Error` is false.
function networkReason(error: unknown): string {
  const failure = (error ?? {}) as { name?: string; message?: string; cause?: NetworkCause };
  if (failure.name === 'TimeoutError' || failure.name === 'AbortError') return 'timeout';
  const cause = failure.cause;
  // Node's happy-eyeballs connect reports an AggregateError whose parts carry the code.
  const code = cause?.code ?? cause?.errors?.find((part) => part.code)?.code;
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'UND_ERR_CLOSED') return 'connection reset';
  return `network error (${code ?? cause?.message ?? failure.message ?? String(error)})`;
}
