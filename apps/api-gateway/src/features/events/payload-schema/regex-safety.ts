import type { Diagnostics } from 'recheck';

import type { PayloadSchemaProblem, SchemaPattern } from './payload-schema.inspector';
import { PAYLOAD_SCHEMA_LIMITS as LIMITS } from './payload-schema.limits';

/** Time the checker may spend, in ms: on one pattern, on all patterns of a schema. */
export interface CheckBudget {
  patternMs: number;
  schemaMs: number;
}

/** A pattern's verdict. `final: false` (out of time) is not remembered: a later check may finish. */
type Verdict = { safe: true } | { safe: false; reason: string; final: boolean };

const VERDICTS_KEPT = 10_000;
const verdicts = new Map<string, Verdict>();
let recheck: Promise<typeof import('recheck')> | undefined;

function loadRecheck(): Promise<typeof import('recheck')> {
  // recheck picks its engine from the environment only. Herald wants the pure-JS engine on a worker
  // thread: bounded by an abort (the thread is terminated), off the event loop, no JVM or binary.
  process.env.RECHECK_BACKEND = 'worker';
  return (recheck ??= import('recheck'));
}

/**
 * Refuses the first pattern that can backtrack catastrophically — exponential or polynomial time in
 * the length of the string, as found by `recheck` (pure JS, on a worker thread) — or that could not
 * be proven safe within `LIMITS.patternCheckMs` (each) and `LIMITS.schemaCheckMs` (all). Patterns are
 * only analysed, never run. Verdicts are remembered by source, so a schema is analysed once.
 */
export async function findUnsafePattern(
  patterns: readonly SchemaPattern[],
  budget: CheckBudget = { patternMs: LIMITS.patternCheckMs, schemaMs: LIMITS.schemaCheckMs },
): Promise<(PayloadSchemaProblem & { final: boolean }) | undefined> {
  const deadline = Date.now() + budget.schemaMs;
  for (const { path, source } of patterns) {
    const verdict = verdicts.get(source) ?? (await analyse(source, Math.min(budget.patternMs, deadline - Date.now())));
    if (!verdict.safe) return { path, reason: verdict.reason, final: verdict.final };
  }
  return undefined;
}

async function analyse(source: string, timeoutMs: number): Promise<Verdict> {
  const syntax = syntaxError(source);
  if (syntax)
    return remember(source, { safe: false, reason: `is not a valid regular expression: ${syntax}`, final: true });
  if (timeoutMs <= 0) return outOfTime(source);
  const { check } = await loadRecheck();
  // The abort is the hard bound (it terminates the worker); recheck's own timeout usually comes first.
  const diagnostics = await check(source, 'u', { timeout: timeoutMs, signal: AbortSignal.timeout(timeoutMs + 500) });
  return remember(source, toVerdict(source, diagnostics));
}

function toVerdict(source: string, diagnostics: Diagnostics): Verdict {
  if (diagnostics.status === 'safe') return { safe: true };
  if (diagnostics.status === 'vulnerable') {
    const { complexity, attack } = diagnostics;
    const growth = complexity.type === 'exponential' ? 'exponential' : `polynomial (degree ${complexity.degree})`;
    const example = attack.pattern.length <= 80 ? ` on input like ${attack.pattern}` : '';
    const reason =
      `pattern "${source}" can backtrack catastrophically: ${growth} time in the length of the string${example}; ` +
      'write it without nested or overlapping repetition (or use "format" or "maxLength")';
    return { safe: false, reason, final: true };
  }
  const { kind } = diagnostics.error;
  if (kind === 'timeout' || kind === 'cancel') return outOfTime(source);
  const detail = 'message' in diagnostics.error ? `: ${diagnostics.error.message}` : '';
  return {
    safe: false,
    reason: `pattern "${source}" could not be checked for catastrophic backtracking (${kind}${detail})`,
    final: true,
  };
}

function outOfTime(source: string): Verdict {
  const reason =
    `pattern "${source}" could not be proven free of catastrophic backtracking within ${LIMITS.patternCheckMs} ms ` +
    `(${LIMITS.schemaCheckMs} ms for all patterns of a schema); simplify it`;
  return { safe: false, reason, final: false };
}

function remember(source: string, verdict: Verdict): Verdict {
  if (!verdict.safe && !verdict.final) return verdict;
  verdicts.set(source, verdict);
  if (verdicts.size > VERDICTS_KEPT) verdicts.delete(verdicts.keys().next().value as string);
  return verdict;
}

function syntaxError(source: string): string | undefined {
  try {
    new RegExp(source, 'u');
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
