import { buildJobDispatchFixture, type JobDispatchData, JobStatus } from '@herald/contracts';
import type { RunnerTestWorld } from '@herald/testing';
import type { DataSource } from 'typeorm';

import { type InAppRunnerWorld, startInAppRunnerWorld } from './support/in-app-runner-world';

/** Templates are bounded per job, not per string (issue 14, decision 0029). */
describe('runner-in-app: the render budget of a job', () => {
  let t: InAppRunnerWorld;
  let world: RunnerTestWorld;
  let db: DataSource;

  beforeAll(async () => {
    t = await startInAppRunnerWorld();
    ({ world, db } = t);
  });

  afterAll(() => t?.close());

  function job(controlValues: Record<string, unknown>, payload: Record<string, unknown>): JobDispatchData {
    const base = buildJobDispatchFixture({ payload }, 'in_app');
    return { ...base, step: { ...base.step, controlValues } };
  }
  const rowsOf = async (data: JobDispatchData) =>
    (
      await db.query(
        `SELECT count(*)::int AS count FROM runner_in_app.inbox_messages
         WHERE environment_id = $1 AND delivery_key = $2`,
        [data.environmentId, data.deliveryKey],
      )
    )[0].count;

  it('fails a 30-control job whose controls each fit but together pass the budget, and stores nothing', async () => {
    const control = '{% for i in (1..70) %}{{ payload.blob }}{% endfor %}';
    const data = job(
      { body: 'Hi', data: Object.fromEntries(Array.from({ length: 30 }, (_, index) => [`c${index}`, control])) },
      { blob: 'x'.repeat(1_000) },
    );
    await world.dispatch(data);
    const outcome = await world.outcomeOf(data.jobId);
    expect(outcome).toMatchObject({
      status: JobStatus.FAILED,
      error: { code: 'template_budget_exceeded', retryable: false },
      detail: 'Template exceeded its render budget: output over 2000000 characters (at data.c28)',
    });
    expect(await rowsOf(data)).toBe(0);
  });

  it('counts loop output: a {% for %} repeating a 100 KB value fails instead of a 50 M-character row', async () => {
    const data = job({ body: '{% for i in (1..500) %}{{ payload.big }}{% endfor %}' }, { big: 'y'.repeat(100_000) });
    await world.dispatch(data);
    const outcome = await world.outcomeOf(data.jobId);
    expect(outcome).toMatchObject({
      status: JobStatus.FAILED,
      error: { code: 'template_budget_exceeded', retryable: false },
    });
    expect(outcome.error?.message).toMatch(
      /^Template exceeded its render budget: output over 2000000 characters \(at body\)$/,
    );
    expect(await rowsOf(data)).toBe(0);

    const fine = job({ body: 'Hello {{ payload.name }}' }, { name: 'Ada' });
    await world.dispatch(fine);
    expect(await world.outcomeOf(fine.jobId)).toMatchObject({ status: JobStatus.COMPLETED });
    expect(await rowsOf(fine)).toBe(1);
  });
});
