import { buildJobDispatchFixture, JobStatus, jobStatusChangedDataSchema } from '@herald/contracts';

import { outcomeEvent, runningEvent, statusEventId } from './status-event.factory';

const job = buildJobDispatchFixture({}, 'chat');

describe('status events', () => {
  it('derives a stable UUID per job attempt and status', () => {
    const id = statusEventId(job, JobStatus.RUNNING);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(statusEventId(job, JobStatus.RUNNING)).toBe(id);
    expect(statusEventId({ ...job, attempt: 2 }, JobStatus.RUNNING)).not.toBe(id);
    expect(statusEventId(job, JobStatus.COMPLETED)).not.toBe(id);
    expect(runningEvent(job, 'runner-chat', false).id).toBe(id);
  });

  it('builds valid outcome events and keeps webhook URLs out of the recipient', () => {
    const completed = outcomeEvent(job, {
      status: 'completed',
      integrationId: 'i',
      providerId: 'slack',
      recipient: 'https://hooks.slack.com/services/secret',
      detail: 'Sent',
    });
    expect(jobStatusChangedDataSchema.parse(completed.data).delivery).toEqual({
      channel: 'chat',
      recipient: job.subscriber.subscriberId,
    });
    const failed = outcomeEvent(job, {
      status: 'failed',
      error: { code: 'x', message: 'm'.repeat(5000), retryable: true },
      detail: 'd'.repeat(5000),
    });
    expect(jobStatusChangedDataSchema.safeParse(failed.data).success).toBe(true);
    expect(failed.data.detail).toHaveLength(2000);
    expect(failed.data.error).not.toHaveProperty('retryAfterMs');
    const limited = outcomeEvent(job, {
      status: 'failed',
      error: { code: 'provider_rate_limited', message: 'm', retryable: true, retryAfterMs: 7000 },
      detail: 'd',
    });
    expect(jobStatusChangedDataSchema.parse(limited.data).error).toMatchObject({ retryAfterMs: 7000 });
    expect(outcomeEvent(job, { status: 'canceled', detail: 'Subscriber has no slack webhook URL' }).data).toMatchObject(
      { status: 'canceled', detail: 'Subscriber has no slack webhook URL' },
    );
  });
});
