import type { StepType, SubscriberSnapshot, WorkflowSnapshot, WorkflowStep } from '@herald/contracts';
import type { Tx } from '@herald/persistence';

import type { StoredEvent } from '../engine/chain/event.repository';
import type { JobRow } from '../engine/jobs/job.row';
import type { SubscriberPreference } from './channel/channel-preference';

/** What a step kind plans a job from, once the subscriber is known to exist and no skip rule holds. */
export interface StepPlanInputs {
  workflow: Pick<WorkflowSnapshot, 'id' | 'critical' | 'preferences'>;
  step: WorkflowStep;
  /** The subscriber as templates see it. */
  subscriber: Record<string, unknown> & { timezone: string | null };
  preferences: readonly SubscriberPreference[];
  payload: Record<string, unknown>;
  overrides: Record<string, unknown>;
  now: Date;
}

/** A step whose job cannot run, with the reason its job is CANCELED for. */
export interface StepCanceled {
  ok: false;
  reason: string;
}

/** A PENDING, locked job the chain has reached, with its step kind's plan. */
export interface StepArrival<P> {
  job: JobRow;
  event: StoredEvent;
  step: WorkflowStep;
  subscriber: SubscriberSnapshot;
  plan: P;
  now: Date;
}

/**
 * What the engine runs a step kind's jobs with. Every method works in the caller's transaction;
 * the engine moves the chains on after the jobs a method reports finished.
 */
export interface StepKind<P extends { ok: true } = { ok: true }> {
  /** Pure: how the job runs, read from its step's controls, or why it cannot. */
  plan(inputs: StepPlanInputs): P | StepCanceled;
  /** Starts a round's jobs of this kind (one per chain); returns those that finished at once. */
  start(tx: Tx, environmentId: string, arrivals: readonly StepArrival<P>[]): Promise<string[]>;
  /** Fires this kind's due timers (timer kind = step type) on their jobs; returns those that finished. */
  fireTimers?(tx: Tx, environmentId: string, jobIds: readonly string[]): Promise<string[]>;
  /** Runs before a DELAYED job of this kind is canceled. */
  beforeCancel?(tx: Tx, job: JobRow): Promise<void>;
}

/** Step kinds by the step type they run: the map the engine looks every job's step up in. */
export type StepKinds = Readonly<Record<StepType, StepKind>>;

/** Injection token of the `StepKinds` map (see `step-kind.registry.ts`). */
export const STEP_KINDS = Symbol('STEP_KINDS');
