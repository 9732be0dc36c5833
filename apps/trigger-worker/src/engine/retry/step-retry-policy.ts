import type { WorkflowStep } from '@herald/contracts';

/** How a step's failures are handled. */
export interface StepRetryPolicy {
  /** Attempts in total (the first included). */
  maxAttempts: number;
  /** A final failure cancels the rest of the chain instead of moving on. */
  stopOnFail: boolean;
}

const MAX_ATTEMPTS_LIMIT = 10;

/**
 * Reads the step's `controlValues.maxAttempts` (1–10) and `controlValues.stopOnFail` (Novu's
 * `shouldStopOnFail`), falling back to the worker's default attempts and "continue".
 */
export function stepRetryPolicy(step: WorkflowStep, defaults: { jobMaxAttempts: number }): StepRetryPolicy {
  const controls = step.controlValues as Record<string, unknown>;
  const attempts = controls.maxAttempts;
  const maxAttempts =
    typeof attempts === 'number' && Number.isInteger(attempts) && attempts >= 1
      ? Math.min(attempts, MAX_ATTEMPTS_LIMIT)
      : defaults.jobMaxAttempts;
  return { maxAttempts, stopOnFail: controls.stopOnFail === true || controls.shouldStopOnFail === true };
}
