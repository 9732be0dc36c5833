import type { WorkerNotification } from '@herald/contracts';

import { toActivityNotificationResponse } from './activity-response.mapper';

const detail = (
  status: WorkerNotification['jobs'][number]['status'],
  attempt = 1,
  providerId: string | null = null,
) => ({
  _id: `${status}-${attempt}`,
  _jobId: 'job-1',
  status,
  detail: `became ${status}`,
  source: 'worker' as const,
  providerId,
  raw: providerId ? { delivery: { recipient: 'x' } } : null,
  attempt,
  createdAt: '2026-01-01T00:00:01.000000+00:00',
});

const notification: WorkerNotification = {
  _id: 'n-1',
  _environmentId: 'env',
  _organizationId: 'org',
  _subscriberId: 's-1',
  _templateId: 'w-1',
  transactionId: 'tx',
  channels: ['email'],
  createdAt: '2026-01-01T00:00:00.000Z',
  payload: {},
  duplicateTriggers: 0,
  subscriber: { _id: 's-1', subscriberId: 'ada', firstName: 'Ada', lastName: null, email: null, phone: null },
  template: { _id: 'w-1', name: 'Welcome', triggers: [{ type: 'event', identifier: 'welcome', variables: [] }] },
  jobs: [
    {
      _id: 'job-1',
      type: 'email',
      step: { _id: 'email', stepId: 'email', name: 'Email' },
      status: 'completed',
      attempt: 2,
      providerId: 'brevo',
      digest: { events: [{ id: 'e1', payload: {} }], totalCount: 1 },
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:05.000Z',
      executionDetails: [detail('queued'), detail('failed', 1, 'sendgrid'), detail('completed', 2, 'sendgrid')],
    },
  ],
};

describe('toActivityNotificationResponse', () => {
  it('gives every job what the SDK requires and keeps Herald’s exact statuses alongside Novu’s', () => {
    const response = toActivityNotificationResponse(notification);
    expect(response).toMatchObject({
      updatedAt: '2026-01-01T00:00:05.000Z',
      subscriber: { _id: 's-1', subscriberId: 'ada', firstName: 'Ada' },
    });
    expect(response.subscriber).not.toHaveProperty('lastName');
    const [job] = response.jobs;
    expect(job).toMatchObject({
      providerId: 'novu',
      step: { _id: 'email', active: true, filters: [], _templateId: 'w-1' },
      digest: { type: 'regular', totalCount: 1 },
    });
    expect(job.executionDetails.map((d) => [d.status, d.jobStatus, d.isRetry, d.providerId ?? null])).toEqual([
      ['Queued', 'queued', false, null],
      ['Failed', 'failed', false, 'sendgrid'],
      ['Success', 'completed', true, 'sendgrid'],
    ]);
    expect(job.executionDetails[1]).toMatchObject({
      source: 'Internal',
      isTest: false,
      raw: '{"delivery":{"recipient":"x"}}',
    });
  });
});
