import { buildJobDispatchFixture } from '@herald/contracts';

import type { JobOutcome } from './job-outcome';
import { UnrecordedOutcomes } from './unrecorded-outcomes';

const delivered: JobOutcome = {
  status: 'completed',
  integrationId: 'i-1',
  providerId: 'nodemailer',
  providerMessageId: 'p-1',
  recipient: 'a@example.com',
  detail: 'sent',
};

describe('UnrecordedOutcomes', () => {
  it('finds an outcome for the same attempt of the same job only', () => {
    const job = buildJobDispatchFixture({}, 'email');
    const outcomes = new UnrecordedOutcomes();
    outcomes.remember(job, delivered);

    expect(outcomes.find(job)).toEqual(delivered);
    expect(outcomes.find({ ...job, attempt: job.attempt + 1 })).toBeUndefined();
    expect(outcomes.find({ ...job, jobId: 'another-job' })).toBeUndefined();
    expect(outcomes.find({ ...job, environmentId: 'another-environment' })).toBeUndefined();
  });

  it('forgets a recorded outcome', () => {
    const job = buildJobDispatchFixture({}, 'email');
    const outcomes = new UnrecordedOutcomes();
    outcomes.remember(job, delivered);
    outcomes.forget(job);
    expect(outcomes.find(job)).toBeUndefined();
    expect(outcomes.size).toBe(0);
  });

  it('drops the oldest beyond its capacity', () => {
    const outcomes = new UnrecordedOutcomes(2);
    const jobs = [1, 2, 3].map((attempt) => ({ ...buildJobDispatchFixture({}, 'email'), attempt }));
    for (const job of jobs) outcomes.remember(job, delivered);

    expect(outcomes.size).toBe(2);
    expect(outcomes.find(jobs[0])).toBeUndefined();
    expect(outcomes.find(jobs[2])).toEqual(delivered);
  });

  it('expires an outcome after its time to live', () => {
    let now = 1_000;
    const outcomes = new UnrecordedOutcomes(10, 500, () => now);
    const job = buildJobDispatchFixture({}, 'email');
    outcomes.remember(job, delivered);
    now = 1_499;
    expect(outcomes.find(job)).toEqual(delivered);
    now = 1_500;
    expect(outcomes.find(job)).toBeUndefined();
    expect(outcomes.size).toBe(0);
  });
});
