import { appendFileSync } from 'node:fs';

import { median } from './stats';

/**
 * The machine-readable result of a benchmark. Each bench appends one JSON object per line to the
 * file named by `BENCH_RESULTS_FILE` (when set); `npm run bench` collects them into
 * docs/PERFORMANCE.md. The printed text is for people and never parsed.
 */
export type BenchRecord = BenchFigure | BenchTable;

/** What a figure is held to. */
export type BenchTarget =
  { kind: 'ratio-at-least'; value: number } | { kind: 'at-most'; value: number } | { kind: 'at-least'; value: number };

/** One measured figure, the median of its rounds, with the floor measured interleaved with it. */
export interface BenchFigure {
  kind: 'figure';
  bench: string;
  name: string;
  unit: string;
  /** Whether a higher value is better (a rate) or a lower one (a latency, a duration). */
  higherIsBetter: boolean;
  value: number;
  runs: number[];
  floor?: { what: string; value: number; runs: number[] };
  target?: BenchTarget;
  note?: string;
}

/** A table of how a cost grows with a size (fan-out, payload). */
export interface BenchTable {
  kind: 'table';
  bench: string;
  title: string;
  columns: string[];
  rows: (string | number)[][];
  note?: string;
}

/** Appends a record to the results file (no-op when the bench runs on its own). */
export function emit(record: BenchRecord): void {
  const file = process.env.BENCH_RESULTS_FILE;
  if (file) appendFileSync(file, `${JSON.stringify(record)}\n`);
}

/** A figure from interleaved runs of Herald and its floor: medians of both. */
export function figure(
  bench: string,
  name: string,
  unit: string,
  runs: number[],
  options: {
    higherIsBetter?: boolean;
    floor?: { what: string; runs: number[] };
    target?: BenchTarget;
    note?: string;
  } = {},
): BenchFigure {
  return {
    kind: 'figure',
    bench,
    name,
    unit,
    higherIsBetter: options.higherIsBetter ?? true,
    value: median(runs),
    runs,
    ...(options.floor
      ? { floor: { what: options.floor.what, value: median(options.floor.runs), runs: options.floor.runs } }
      : {}),
    ...(options.target ? { target: options.target } : {}),
    ...(options.note ? { note: options.note } : {}),
  };
}

/** Whether a figure meets its target (undefined without one). */
export function meetsTarget(result: BenchFigure): boolean | undefined {
  const target = result.target;
  if (!target) return undefined;
  if (target.kind === 'ratio-at-least') return result.floor ? ratioOf(result) >= target.value : undefined;
  return target.kind === 'at-most' ? result.value <= target.value : result.value >= target.value;
}

/** Herald's figure over its floor's, oriented so that 1 means "as good as the floor". */
export function ratioOf(result: BenchFigure): number {
  if (!result.floor) return Number.NaN;
  return result.higherIsBetter ? result.value / result.floor.value : result.floor.value / result.value;
}
