import { roundsOnePerJob } from './apply-job-status.usecase';

describe('roundsOnePerJob', () => {
  it('puts each job at most once in a round and keeps every job’s reports in delivery order', () => {
    const reports = [
      { jobId: 'a', n: 1 },
      { jobId: 'b', n: 2 },
      { jobId: 'a', n: 3 },
      { jobId: 'c', n: 4 },
      { jobId: 'a', n: 5 },
      { jobId: 'b', n: 6 },
    ];
    expect(roundsOnePerJob(reports).map((round) => round.map((report) => report.n))).toEqual([[1, 2, 4], [3, 6], [5]]);
  });

  it('is one round when every job is reported once, and none for no reports', () => {
    expect(roundsOnePerJob([{ jobId: 'a' }, { jobId: 'b' }])).toHaveLength(1);
    expect(roundsOnePerJob([])).toEqual([]);
  });
});
