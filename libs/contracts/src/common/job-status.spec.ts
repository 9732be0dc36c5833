import { isTerminalJobStatus, JOB_STATUSES, JobStatus, RUNNER_JOB_STATUSES, TERMINAL_JOB_STATUSES } from './job-status';

describe('JobStatus', () => {
  it('has every status of the seed lifecycle, with Novu wire values', () => {
    expect(JOB_STATUSES).toEqual([
      'pending',
      'queued',
      'running',
      'completed',
      'failed',
      'delayed',
      'canceled',
      'merged',
      'skipped',
    ]);
  });

  it('treats MERGED as non-terminal (it can still be canceled or take over a digest)', () => {
    expect(TERMINAL_JOB_STATUSES).toEqual(['completed', 'failed', 'canceled', 'skipped']);
    expect(isTerminalJobStatus(JobStatus.MERGED)).toBe(false);
    expect(isTerminalJobStatus(JobStatus.SKIPPED)).toBe(true);
  });

  it('lists what runners report', () => {
    expect(RUNNER_JOB_STATUSES).toEqual(['running', 'completed', 'failed', 'canceled']);
  });
});
