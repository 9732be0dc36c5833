import { buildJobDispatchFixture, type JobDispatchData, JobStatus } from '@herald/contracts';
import {
  expectEventually,
  type HttpReceiver,
  RunnerTestWorld,
  startHttpReceiver,
  SupervisedTestProcess,
} from '@herald/testing';

import { webhookIntegration } from './support/test-webhook.provider';

// The runner runs as its own process (through swc-node) and dies on purpose: give it room.
jest.setTimeout(240_000);

const MARKER = `poison-dispatch-${process.pid}`;
const INNOCENT = 8;
const CRASHES = 3;

describe('a job dispatch that crashes its runner', () => {
  let world: RunnerTestWorld;
  let receiver: HttpReceiver;
  let runner: SupervisedTestProcess | undefined;

  beforeAll(async () => {
    world = await RunnerTestWorld.create('runner_poison', 'sms');
    receiver = await startHttpReceiver(() => ({ status: 201, body: { id: `msg-${receiver.requests.length}` } }));
  });

  afterAll(async () => {
    await runner?.stop();
    await receiver?.close();
    await world?.close();
  });

  it('is reported FAILED with the quarantine reason after 3 crashes; the other jobs are sent once each', async () => {
    runner = new SupervisedTestProcess('libs/runner-kit/test/support/test-runner.process.ts', {
      PATH: process.env.PATH ?? '',
      ...world.env,
      LOG_LEVEL: 'warn',
      HERALD_TEST_POISON_MARKER: MARKER,
    });
    await world.waitForRunner(60_000);
    const jobs: JobDispatchData[] = Array.from({ length: INNOCENT + 1 }, (_, n) => {
      const payload = n === 0 ? { name: 'Ada', note: MARKER } : { name: 'Ada' };
      const data = buildJobDispatchFixture({ payload }, 'sms');
      world.integrations.set(data.environmentId, [webhookIntegration(`${receiver.url}/send`)]);
      return data;
    });
    // The poison goes first, so its first crash cuts no send short (that would be an in-doubt resend, 0012).
    for (const job of jobs) await world.dispatch(job);
    const poison = jobs[0];

    let failed;
    try {
      failed = await world.outcomeOf(poison.jobId, 1, 180_000);
      for (const job of jobs) await world.outcomeOf(job.jobId, 1, 30_000);
    } catch (error) {
      process.stderr.write(`--- runner output ---\n${runner.output()}\n`);
      throw error;
    }
    const crashed = `crashed its consumer ${CRASHES} times (${CRASHES - 1} of them processed alone)`;
    const reason = `quarantined: ${crashed}; not processed again`;
    expect(runner.crashes).toEqual(Array.from({ length: CRASHES }, () => ({ code: null, signal: 'SIGKILL' })));
    expect(failed).toMatchObject({
      status: JobStatus.FAILED,
      detail: reason,
      error: { code: 'quarantined', message: reason, retryable: false },
    });

    // Each innocent job was sent once and reported COMPLETED; the poison one was never sent.
    await expectEventually(() => expect(receiver.requests).toHaveLength(INNOCENT));
    const sentKeys = receiver.requests.map(
      (request) => (JSON.parse(request.body) as { deliveryKey: string }).deliveryKey,
    );
    expect(sentKeys.sort()).toEqual(
      jobs
        .filter((job) => job !== poison)
        .map((job) => job.deliveryKey)
        .sort(),
    );
    // One outcome each. The outbox relay publishes at least once: a runner killed between a publish
    // and marking it published sends that same message (same id) again, which consumers drop.
    for (const job of jobs.filter((candidate) => candidate !== poison)) {
      const outcomes = world.statuses.where(
        (event) => event.data.jobId === job.jobId && event.data.status !== JobStatus.RUNNING,
      );
      expect([...new Map(outcomes.map((event) => [event.id, event.data.status])).values()]).toEqual([
        JobStatus.COMPLETED,
      ]);
    }
  });
});
