/**
 * What every benchmark reads from its environment and command line, in one place: the service
 * URLs, the quick profile, and where results go.
 */

/** A Postgres server URL (its database part is replaced by each bench's own database). */
export const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const AMQP_URL = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * The quick profile (`--quick` or `BENCH_QUICK=1`): small sizes that check the harness works in
 * seconds on a busy machine. Its figures are not for comparison.
 */
export const QUICK = process.argv.includes('--quick') || process.env.BENCH_QUICK === '1';

/** Rounds of each interleaved measurement (the median of them is reported). */
export const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

/** A size from `BENCH_<name>` when given, else the full or the quick default. */
export function sized(name: string, full: number, quick: number): number {
  const given = process.env[`BENCH_${name}`];
  return given !== undefined && given !== '' ? Number(given) : QUICK ? quick : full;
}

/** A list of sizes from `BENCH_<name>` (comma-separated) when given, else the full or the quick default. */
export function sizedList(name: string, full: number[], quick: number[]): number[] {
  const given = process.env[`BENCH_${name}`];
  return given ? given.split(',').map(Number) : QUICK ? quick : full;
}
