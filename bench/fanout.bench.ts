// Fan-out benchmark: one trigger to a topic of N subscribers, for each N of BENCH_SUBSCRIBERS
// (default 1,000, 10,000 and 100,000) — time from publish until every subscriber's job was
// dispatched (target at 100,000: ≤ 60 s), the dispatch rate, and the worker's peak RSS (target
// < 300 MB). Each size gets a fresh trigger-worker child process with its production defaults (so
// the peak RSS is that size's); the bench counts the dispatches as the runners would receive them.
// There is no floor here: the targets are absolute (issue 18: ≥ 5,000 dispatches/s, RSS < 300 MB).
// The environment's in-flight cap (decision 0032) is off here: with it, dispatch is paced by the
// runners' completions, which this bench does not play; it measures the fan-out itself. Subscribers
// are seeded server-side in one INSERT … SELECT generate_series (no rows cross the wire).
// Run: npm run bench:fanout [-- --quick] [-- --subscribers=1000000]
//   (env: DATABASE_URL (a server), AMQP_URL, BENCH_SUBSCRIBERS=1000,10000,100000)
import { buildWorkflowSnapshotFixture } from '@herald/contracts';

import { QUICK, sizedList } from './support/bench-config';
import { memoryKb } from './support/infra';
import { emit, figure } from './support/results';
import { bindDispatchSink, publishTopicTrigger, seedTopic, startTriggerWorker } from './support/trigger-worker-process';

const GIVEN = process.argv.find((arg) => arg.startsWith('--subscribers='));
const SIZES = GIVEN
  ? [Number(GIVEN.slice('--subscribers='.length))]
  : sizedList('SUBSCRIBERS', [1_000, 10_000, 100_000], [1_000, 5_000]);
const ENVIRONMENT = 'bench-env';
/** Targets apply from this size on (smaller runs are dominated by start-up). */
const TARGET_FROM = 100_000;

interface FanOut {
  subscribers: number;
  seconds: number;
  peakMb: number;
}

async function fanOut(subscribers: number): Promise<FanOut> {
  const worker = await startTriggerWorker('fan', { WORKER_DISPATCH_IN_FLIGHT_PER_ENVIRONMENT: '0' });
  const giveUpSeconds = Math.max(600, subscribers / 1_000);
  try {
    await seedTopic(worker, ENVIRONMENT, subscribers);
    const sink = await bindDispatchSink(worker);
    let dispatched = 0;
    await worker.channel.prefetch(2000);
    await worker.channel.consume(sink, (message) => {
      if (!message) return;
      dispatched += 1;
      worker.channel.ack(message);
    });
    const pid = worker.child.pid as number;
    let peakSampled = 0;
    const sampler = setInterval(() => (peakSampled = Math.max(peakSampled, memoryKb(pid, 'VmRSS'))), 100);
    const workflow = buildWorkflowSnapshotFixture({
      id: 'bench-fanout',
      steps: [
        {
          stepId: 'in-app',
          name: 'In-app',
          type: 'in_app',
          active: true,
          controlValues: { body: 'News: {{payload.title}}' },
        },
      ],
    });
    const started = process.hrtime.bigint();
    await publishTopicTrigger(worker, ENVIRONMENT, workflow, { title: 'Fan-out benchmark' });
    let lastReport = 0;
    while (dispatched < subscribers) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
      if (elapsed - lastReport >= 5) {
        lastReport = elapsed;
        console.log(`  ${elapsed.toFixed(0)} s: ${dispatched} of ${subscribers} dispatched`);
      }
      if (elapsed > giveUpSeconds)
        throw new Error(`only ${dispatched} of ${subscribers} dispatched after ${giveUpSeconds} s`);
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    clearInterval(sampler);
    const peakMb = Math.max(peakSampled, memoryKb(pid, 'VmHWM')) / 1024;
    console.log(
      `fan-out to ${subscribers} subscribers: every job dispatched in ${seconds.toFixed(1)} s, ${(subscribers / seconds).toFixed(0)} dispatches/s, worker peak RSS ${peakMb.toFixed(0)} MB`,
    );
    return { subscribers, seconds, peakMb };
  } finally {
    await worker.stop();
  }
}

async function main(): Promise<void> {
  console.log(`fan-out bench${QUICK ? ' (quick)' : ''}: topics of ${SIZES.join(', ')} subscribers`);
  const results: FanOut[] = [];
  for (const size of SIZES) results.push(await fanOut(size));
  emit({
    kind: 'table',
    bench: 'fanout',
    title: 'Fan-out by topic size (one trigger, one in-app step)',
    columns: ['subscribers', 'seconds to the last dispatch', 'dispatches/s', 'worker peak RSS MB'],
    rows: results.map((result) => [
      result.subscribers,
      round1(result.seconds),
      Math.round(result.subscribers / result.seconds),
      Math.round(result.peakMb),
    ]),
    note: 'a fresh trigger-worker per size; one run each',
  });
  const largest = results.at(-1) as FanOut;
  const atTarget = largest.subscribers >= TARGET_FROM;
  emit(
    figure(
      'fanout',
      `fan-out to ${largest.subscribers} subscribers`,
      'dispatches/s',
      [Math.round(largest.subscribers / largest.seconds)],
      {
        ...(atTarget ? { target: { kind: 'at-least', value: 5_000 } } : {}),
        note: `${round1(largest.seconds)} s to the last dispatch; one run`,
      },
    ),
  );
  emit(
    figure('fanout', `worker peak RSS at ${largest.subscribers}`, 'MB', [Math.round(largest.peakMb)], {
      higherIsBetter: false,
      ...(atTarget ? { target: { kind: 'at-most', value: 300 } } : {}),
      note: 'one run',
    }),
  );
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
