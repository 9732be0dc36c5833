/** The middle value (the upper one of an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** The nearest-rank percentile `p` (0–100) of `values`; NaN when empty. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1];
}

/** Per second, from a count and a start taken with `process.hrtime.bigint()`. */
export function ratePerSecond(count: number, startedAt: bigint, endedAt = process.hrtime.bigint()): number {
  return count / (Number(endedAt - startedAt) / 1e9);
}
