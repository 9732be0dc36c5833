// Runs every benchmark one after the other (never two at once: they would measure each other),
// collects the results each writes to BENCH_RESULTS_FILE (one JSON record per line) and writes
// docs/PERFORMANCE.md from them, with the machine and the service versions. Prints the wall time.
// Run: npm run bench [-- --quick] [--only=e2e,gateway] [--out=<file>]
// (quick writes tmp/PERFORMANCE.quick.md unless --out says otherwise: its figures are not for the docs)
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { QUICK } from './support/bench-config';
import { describeMachine } from './support/machine';
import { type BenchRun, renderReport } from './support/performance-report';
import { type BenchRecord } from './support/results';

const BENCHES = ['broker', 'gateway', 'worker', 'scheduler', 'fanout', 'e2e'];
/** The repository root: the nearest directory above the build output with a package.json. */
const ROOT = (() => {
  let dir = path.resolve(__dirname, '..');
  while (!existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
})();
const BENCH_TIMEOUT_MS = 30 * 60_000;

function option(name: string): string | undefined {
  return process.argv.find((argument) => argument.startsWith(`--${name}=`))?.slice(name.length + 3);
}

function runBench(name: string, resultsFile: string): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(__dirname, `${name}.bench.js`), ...(QUICK ? ['--quick'] : [])], {
      env: { ...process.env, BENCH_RESULTS_FILE: resultsFile },
      stdio: 'inherit',
    });
    const timer = setTimeout(() => child.kill('SIGTERM'), BENCH_TIMEOUT_MS);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

async function main(): Promise<void> {
  const startedAt = new Date();
  const only = option('only')?.split(',');
  const benches = only ? BENCHES.filter((name) => only.includes(name)) : BENCHES;
  const out = path.resolve(ROOT, option('out') ?? (QUICK ? 'tmp/PERFORMANCE.quick.md' : 'docs/PERFORMANCE.md'));
  const resultsFile = path.join(os.tmpdir(), `herald-bench-${process.pid}.jsonl`);
  rmSync(resultsFile, { force: true });
  writeFileSync(resultsFile, '');
  const machine = await describeMachine();
  console.log(
    `npm run bench${QUICK ? ' (quick)' : ''}: ${benches.join(', ')} on ${machine.cores} cores, ${machine.memoryGb} GB, Node ${machine.node}, PostgreSQL ${machine.postgres}, RabbitMQ ${machine.rabbitmq}, Redis ${machine.redis}`,
  );
  const runs: BenchRun[] = [];
  for (const bench of benches) {
    console.log(`\n=== bench:${bench} ===`);
    const loadBefore = os.loadavg()[0];
    const began = Date.now();
    const exitCode = await runBench(bench, resultsFile);
    runs.push({ bench, seconds: (Date.now() - began) / 1000, exitCode, loadBefore, loadAfter: os.loadavg()[0] });
    if (exitCode !== 0) console.error(`bench:${bench} failed (exit ${exitCode}); going on with the others`);
  }
  const records = readFileSync(resultsFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as BenchRecord);
  rmSync(resultsFile, { force: true });
  const wallSeconds = (Date.now() - startedAt.getTime()) / 1000;
  mkdirSync(path.dirname(out), { recursive: true });
  const notesFile = path.join(ROOT, 'bench', 'profile-notes.md');
  const notes = existsSync(notesFile) ? readFileSync(notesFile, 'utf8') : undefined;
  writeFileSync(out, renderReport({ machine, quick: QUICK, startedAt, wallSeconds, runs, records, notes }));
  console.log(`\n${records.length} results from ${runs.length} benches written to ${path.relative(ROOT, out)}`);
  for (const run of runs)
    console.log(
      `  ${run.bench.padEnd(10)} ${run.seconds.toFixed(0).padStart(5)} s  exit ${run.exitCode}  load ${run.loadBefore.toFixed(1)} → ${run.loadAfter.toFixed(1)}`,
    );
  console.log(`npm run bench took ${(wallSeconds / 60).toFixed(1)} min`);
  if (runs.some((run) => run.exitCode !== 0)) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
