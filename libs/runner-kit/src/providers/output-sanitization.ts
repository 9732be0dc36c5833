import type { JobDispatchData } from '@herald/contracts';

/**
 * True when the step's controls set `disableOutputSanitization: true` (Novu's step option): the
 * workflow author vouches for what the payload puts into the content, so runners store and send
 * it as rendered (no sanitizing of in-app content, no escaping in email HTML). Anything but the
 * boolean `true` keeps output safe. Link URLs and override headers are checked regardless
 * (decision 0028).
 */
export function outputSanitizationDisabled(job: Pick<JobDispatchData, 'step'>): boolean {
  return job.step.controlValues.disableOutputSanitization === true;
}
