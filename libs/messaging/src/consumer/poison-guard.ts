import type { MessageHeaders } from './herald-headers';

/** Default of `quarantineAfterCrashes`: the batch the message died in, then twice alone. */
export const DEFAULT_QUARANTINE_AFTER_CRASHES = 3;
/** Default of `suspectPollMs`: how often a consumer looks for suspects another replica left behind. */
export const DEFAULT_SUSPECT_POLL_MS = 2_000;
/** The shortest marker the test hook accepts, so it cannot match ordinary content by accident. */
export const MIN_TEST_POISON_MARKER_LENGTH = 8;

/** How a consumer guards against messages that kill its process (decision 0030). */
export interface PoisonPolicyOptions {
  /**
   * A message is quarantined — dead-lettered with the reason, never handled again — once its
   * consumer died this many times while handling it: the first time in a batch (its redelivery is
   * what makes it a suspect), every later time alone. At least 2 (default 3).
   */
  quarantineAfterCrashes?: number;
  /** How often an idle consumer checks `<queue>.suspect` for messages another replica left (default 2 s). */
  suspectPollMs?: number;
  /**
   * TEST ONLY (`HERALD_TEST_POISON_MARKER`): a message whose bytes contain this string kills the
   * process (SIGKILL) when its handler is about to run, as an out-of-memory crash would. Empty: off.
   */
  testPoisonMarker?: string;
}

/** A validated poison policy. */
export interface PoisonPolicy {
  quarantineAfterCrashes: number;
  suspectPollMs: number;
  testPoisonMarker?: string;
}

/** What to do with a message taken from the suspect lane. */
export type SuspectVerdict = { action: 'handle-alone' } | { action: 'quarantine'; crashes: number; reason: string };

/** Fills in defaults and rejects values that would defeat the guard. */
export function normalizePoisonPolicy(options: PoisonPolicyOptions = {}): PoisonPolicy {
  const quarantineAfterCrashes = options.quarantineAfterCrashes ?? DEFAULT_QUARANTINE_AFTER_CRASHES;
  if (!Number.isInteger(quarantineAfterCrashes) || quarantineAfterCrashes < 2) {
    throw new Error(
      `quarantineAfterCrashes must be an integer of at least 2 (batch + alone), got ${quarantineAfterCrashes}`,
    );
  }
  const suspectPollMs = options.suspectPollMs ?? DEFAULT_SUSPECT_POLL_MS;
  if (!Number.isInteger(suspectPollMs) || suspectPollMs <= 0)
    throw new Error(`suspectPollMs must be a positive integer, got ${suspectPollMs}`);
  const marker = options.testPoisonMarker || undefined;
  if (marker !== undefined && marker.length < MIN_TEST_POISON_MARKER_LENGTH) {
    throw new Error(`the test poison marker must have at least ${MIN_TEST_POISON_MARKER_LENGTH} characters`);
  }
  return { quarantineAfterCrashes, suspectPollMs, testPoisonMarker: marker };
}

/** The broker's count of earlier deliveries that ended unsettled (quorum queues' `x-delivery-count`; absent = 0). */
export function readDeliveryCount(headers: MessageHeaders | undefined): number {
  const value = Number(headers?.['x-delivery-count'] ?? 0);
  return Number.isInteger(value) && value >= 0 ? value : 0;
}

/**
 * True when a work-queue delivery was delivered before and never settled: its consumer died (or
 * lost its channel) holding it. It may be the message that killed the process or one of the batch
 * that died with it; the consumer cannot tell which, so it is handled alone (the suspect lane).
 */
export function isSuspect(redelivered: boolean, headers: MessageHeaders | undefined): boolean {
  return redelivered || readDeliveryCount(headers) > 0;
}

/**
 * Decides for a message taken from `<queue>.suspect`. There only one message is handled at a time
 * and nothing else of the process runs meanwhile, so each earlier unsettled delivery from the lane
 * (`laneDeliveryCount`) is a crash while it was alone; the crash that made it a suspect adds one.
 */
export function judgeSuspect(policy: PoisonPolicy, laneDeliveryCount: number): SuspectVerdict {
  const crashes = 1 + laneDeliveryCount;
  if (crashes < policy.quarantineAfterCrashes) return { action: 'handle-alone' };
  return { action: 'quarantine', crashes, reason: quarantineReason(crashes, laneDeliveryCount) };
}

/** The reason a quarantined message carries (`x-herald-quarantine-reason`) and the activity feed shows. */
export function quarantineReason(crashes: number, alone: number): string {
  return `quarantined: crashed its consumer ${crashes} times (${alone} of them processed alone); not processed again`;
}

/** True when the test hook is on and the message carries its marker. */
export function carriesTestPoisonMarker(policy: PoisonPolicy, content: Buffer): boolean {
  return policy.testPoisonMarker !== undefined && content.includes(policy.testPoisonMarker);
}
