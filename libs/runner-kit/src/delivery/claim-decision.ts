/** Where a job's delivery stands in the delivery log. */
export type DeliveryOutcome = 'sending' | 'delivered' | 'failed' | 'canceled';

/** The delivery-log row of a delivery key, as the claim decision needs it. */
export interface ExistingDelivery {
  jobId: string;
  attempt: number;
  outcome: DeliveryOutcome;
  /** True while another process holds the send (its lease has not expired). */
  leaseLive: boolean;
  /** True when the last claim was given up before anything was sent (no outcome is unknown). */
  released?: boolean;
}

/** The job message being handled. */
export interface DispatchedAttempt {
  jobId: string;
  attempt: number;
}

/**
 * What to do with a dispatched job, given the delivery log:
 * - `claim`: send it (`resend` when an earlier send's outcome is unknown: same key again);
 * - `report-delivered`: it was delivered before; report COMPLETED for this attempt, send nothing;
 * - `skip`: a duplicate of an attempt already finished, or an attempt older than the last one;
 * - `busy`: another process is sending it right now (or died doing so; its lease tells).
 */
export type ClaimDecision =
  | { kind: 'claim'; resend: boolean }
  | { kind: 'report-delivered' }
  | { kind: 'skip'; reason: 'duplicate' | 'stale-attempt' }
  | { kind: 'busy' };

/**
 * The delivery-key rule (docs/decisions/0012-delivery-key.md) as a pure decision: a delivered
 * key is never sent again; a key whose send is in flight waits for its lease; a key whose send
 * died mid-way (lease expired while `sending`) may be sent again, with the same key.
 */
export function decideClaim(existing: ExistingDelivery | undefined, dispatched: DispatchedAttempt): ClaimDecision {
  if (!existing) return { kind: 'claim', resend: false };
  // Attempts only compare within one job; a different job with the same key counts as newer.
  const sameJob = existing.jobId === dispatched.jobId;
  const newer = !sameJob || dispatched.attempt > existing.attempt;
  const older = sameJob && dispatched.attempt < existing.attempt;
  if (existing.outcome === 'delivered')
    return newer ? { kind: 'report-delivered' } : { kind: 'skip', reason: older ? 'stale-attempt' : 'duplicate' };
  if (existing.outcome === 'sending') {
    if (older) return { kind: 'skip', reason: 'stale-attempt' };
    return existing.leaseLive ? { kind: 'busy' } : { kind: 'claim', resend: !existing.released };
  }
  // failed or canceled: a newer attempt is the worker's retry; anything else was already reported.
  if (newer) return { kind: 'claim', resend: false };
  return { kind: 'skip', reason: older ? 'stale-attempt' : 'duplicate' };
}
