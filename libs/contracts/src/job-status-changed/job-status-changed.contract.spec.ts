import { JOB_STATUSES, JobStatus } from '../common/job-status';
import { formatZodIssues } from '../registry/zod-issues.formatter';
import { JOB_STATUS_CHANGED_V1, jobStatusChangedDataSchema } from './job-status-changed.contract';
import { buildJobStatusChangedFixture } from './job-status-changed.fixture';

function issues(data: unknown): string[] {
  const result = jobStatusChangedDataSchema.safeParse(data);
  return result.success ? [] : formatZodIssues(result.error, 'data');
}

describe('job.status-changed.v1', () => {
  it('has its routing key', () => {
    expect(JOB_STATUS_CHANGED_V1).toBe('job.status-changed.v1');
  });

  it.each(JOB_STATUSES)('accepts the fixture for status %s', (status) => {
    const fixture = buildJobStatusChangedFixture({ status });
    expect(jobStatusChangedDataSchema.parse(fixture)).toEqual(fixture);
  });

  it('fills outcome fields that fit the status', () => {
    expect(buildJobStatusChangedFixture().status).toBe(JobStatus.COMPLETED);
    expect(buildJobStatusChangedFixture().delivery).toBeDefined();
    expect(buildJobStatusChangedFixture({ status: JobStatus.FAILED }).error).toMatchObject({ retryable: true });
    expect(buildJobStatusChangedFixture({ status: JobStatus.RUNNING })).not.toHaveProperty('error');
  });

  it('requires an error on FAILED', () => {
    const data = buildJobStatusChangedFixture({ status: JobStatus.FAILED, error: undefined });
    expect(issues(data)).toEqual(['data.error: is required when status is "failed"']);
  });

  it('refuses an error on any other status', () => {
    const error = { code: 'x', message: 'y', retryable: false };
    expect(issues(buildJobStatusChangedFixture({ status: JobStatus.COMPLETED, error }))).toEqual([
      'data.error: is only allowed when status is "failed" (got "completed")',
    ]);
  });

  it('rejects an error without its retry verdict', () => {
    const data = { ...buildJobStatusChangedFixture({ status: JobStatus.FAILED }), error: { code: 'x', message: 'y' } };
    expect(issues(data)).toEqual(['data.error.retryable: Required']);
  });

  it('refuses a URL as delivery recipient (webhook URLs are credentials)', () => {
    const delivery = { channel: 'chat' as const, recipient: 'https://hooks.slack.com/services/T/B/secret' };
    expect(issues(buildJobStatusChangedFixture({ delivery }))).toEqual([
      'data.delivery.recipient: must be an address or identifier, not a URL (webhook URLs are credentials)',
    ]);
  });

  it('rejects an unknown status, an empty detail and a missing occurredAt', () => {
    const { occurredAt: _occurredAt, ...data } = buildJobStatusChangedFixture();
    expect(issues({ ...data, status: 'RUNNING', detail: '' })).toEqual([
      expect.stringMatching(/^data\.status: Invalid enum value\. Expected 'pending' \| 'queued'.*received 'RUNNING'$/),
      'data.occurredAt: Required',
      'data.detail: must not be empty',
    ]);
  });
});
