// Scheduler benchmark: fire lag of BENCH_TIMERS (default 10,000) delay timers spread over
// BENCH_SPREAD_SECONDS (default 20 s): how long after its run_at each delay job was completed (the
// firing transaction's start, which also dispatched the next step). Reports p50/p99/max (target
// p99 ≤ 1 s). The worker runs as a child process with its production defaults.
// Run: npm run bench:scheduler [-- --quick]   (env: DATABASE_URL (a server), AMQP_URL, BENCH_TIMERS, BENCH_SPREAD_SECONDS)
import { buildWorkflowSnapshotFixture } from '@herald/contracts';

import { QUICK, sized } from './support/bench-config';
import { emit, figure } from './support/results';
import { bindDispatchSink, publishTopicTrigger, seedTopic, startTriggerWorker } from './support/trigger-worker-process';

const TIMERS = sized('TIMERS', 10_000, 1_000);
const SPREAD_SECONDS = sized('SPREAD_SECONDS', 20, 5);
const ENVIRONMENT = 'bench-env';

async function main(): Promise<void> {
  const worker = await startTriggerWorker('sched');
  try {
    // A capped sink stands in for the runners, so the dispatches after each delay are routed.
    await bindDispatchSink(worker, { 'x-max-length': 1000, 'x-overflow': 'drop-head' });
    await seedTopic(worker, ENVIRONMENT, TIMERS);
    // Every subscriber gets a one-hour delay, then an in-app step.
    const workflow = buildWorkflowSnapshotFixture({
      id: 'bench-scheduler',
      steps: [
        {
          stepId: 'wait',
          name: 'Wait',
          type: 'delay',
          active: true,
          controlValues: { type: 'regular', amount: 1, unit: 'hours' },
        },
        { stepId: 'in-app', name: 'In-app', type: 'in_app', active: true, controlValues: { body: 'Later' } },
      ],
    });
    await publishTopicTrigger(worker, ENVIRONMENT, workflow);
    await worker.query(async (client) => {
      await waitUntil(
        async () =>
          Number((await client.query(`SELECT count(*) AS n FROM trigger.timers WHERE kind = 'delay'`)).rows[0].n) ===
          TIMERS,
        300,
      );
      // Spread the timers over the next SPREAD_SECONDS, starting 3 s from now (the jobs' run_at too, for the lag).
      await client.query(
        `WITH moved AS (
           UPDATE trigger.timers SET run_at = clock_timestamp() + interval '3 s' + random() * $1 * interval '1 s' WHERE kind = 'delay' RETURNING subject_id, run_at)
         UPDATE trigger.jobs j SET run_at = moved.run_at FROM moved WHERE j.environment_id = $2 AND j.id = moved.subject_id`,
        [SPREAD_SECONDS, ENVIRONMENT],
      );
      console.log(`scheduler bench${QUICK ? ' (quick)' : ''}: ${TIMERS} timers set, due over ${SPREAD_SECONDS} s`);
      await waitUntil(
        async () =>
          Number((await client.query(`SELECT count(*) AS n FROM trigger.timers WHERE kind = 'delay'`)).rows[0].n) === 0,
        SPREAD_SECONDS + 120,
      );
      const { rows } = await client.query(
        `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY lag) AS p50, percentile_cont(0.99) WITHIN GROUP (ORDER BY lag) AS p99, max(lag) AS max, count(*) AS fired
         FROM (SELECT extract(epoch FROM d.created_at - j.run_at) AS lag FROM trigger.execution_details d JOIN trigger.jobs j ON j.id = d.job_id
               WHERE d.environment_id = $1 AND j.step_id = 'wait' AND d.status = 'completed') AS lags`,
        [ENVIRONMENT],
      );
      const [figures] = rows;
      const ms = (seconds: number) => Math.round(seconds * 1000);
      console.log(
        `\n${figures.fired} timers fired once each; fire lag p50 ${ms(figures.p50)} ms, p99 ${ms(figures.p99)} ms (target ≤ 1 s), max ${ms(figures.max)} ms`,
      );
      const note = `${TIMERS} delay timers due over ${SPREAD_SECONDS} s, one run; lag = firing transaction start − run_at`;
      emit(figure('scheduler', 'timer fire lag p50', 'ms', [ms(figures.p50)], { higherIsBetter: false, note }));
      emit(
        figure('scheduler', 'timer fire lag p99', 'ms', [ms(figures.p99)], {
          higherIsBetter: false,
          target: { kind: 'at-most', value: 1000 },
          note,
        }),
      );
    });
  } finally {
    await worker.stop();
  }
}

async function waitUntil(check: () => Promise<boolean>, timeoutSeconds: number): Promise<void> {
  const deadline = Date.now() + timeoutSeconds * 1000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`gave up after ${timeoutSeconds} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
