import type { ActivityJob, ActivityNotification } from '../api/activity.types';
import { fireTime, notificationState, notificationTimeline } from './notification-timeline';

const job = (overrides: Partial<ActivityJob>): ActivityJob => ({
  _id: 'job-1',
  type: 'email',
  status: 'completed',
  attempt: 1,
  providerId: 'novu',
  createdAt: '2026-12-06T07:00:00.000Z',
  updatedAt: '2026-12-06T07:00:01.000Z',
  step: { stepId: 'email', name: 'Email' },
  executionDetails: [],
  ...overrides,
});

describe('notification timeline', () => {
  it('reads the fire time of a delay from the worker detail', () => {
    expect(fireTime('Delayed for 5 seconds, until 2026-12-06T07:00:05.000Z')).toBe('2026-12-06T07:00:05.000Z');
    expect(fireTime('Queued for the email runner (attempt 1)')).toBeUndefined();
  });

  it('says where a notification stands', () => {
    expect(notificationState([job({ status: 'completed' }), job({ status: 'delayed' })])).toBe('in progress');
    expect(notificationState([job({ status: 'completed' }), job({ status: 'failed' })])).toBe('failed');
    expect(notificationState([job({ status: 'completed' }), job({ status: 'skipped' })])).toBe('delivered');
    expect(notificationState([job({ status: 'canceled' })])).toBe('canceled');
    expect(notificationState([job({ status: 'merged' }), job({ status: 'merged' })])).toBe('merged');
    expect(notificationState([job({ status: 'skipped' }), job({ status: 'canceled' })])).toBe('skipped');
  });

  it('lists each step with its changes, provider, retries and delay', () => {
    const notification = {
      _id: 'n',
      createdAt: '2026-12-06T07:00:00.000Z',
      jobs: [
        job({
          _id: 'delay',
          type: 'delay',
          step: { stepId: 'wait', name: 'Wait' },
          executionDetails: [
            {
              _id: '1',
              createdAt: '2026-12-06T07:00:00.100Z',
              jobStatus: 'delayed',
              detail: 'Delayed for 2 seconds, until 2026-12-06T07:00:02.100Z',
              raw: null,
              attempt: 1,
              isRetry: false,
            },
          ],
        }),
        job({
          _id: 'email',
          providerId: 'sendgrid',
          attempt: 2,
          executionDetails: [
            {
              _id: '2',
              createdAt: '2026-12-06T07:00:03.000Z',
              jobStatus: 'queued',
              detail: 'Queued for the email runner (attempt 2)',
              providerId: 'sendgrid',
              raw: null,
              attempt: 2,
              isRetry: true,
            },
          ],
        }),
      ],
    } as unknown as ActivityNotification;
    const timeline = notificationTimeline(notification);
    expect(timeline.state).toBe('delivered');
    expect(timeline.steps[0]).toMatchObject({ name: 'Wait', provider: undefined, settled: true });
    expect(timeline.steps[0].entries[0].firesAt).toBe('2026-12-06T07:00:02.100Z');
    expect(timeline.steps[1]).toMatchObject({ provider: 'sendgrid', attempts: 2 });
    expect(timeline.steps[1].entries[0]).toMatchObject({ isRetry: true, firesAt: undefined });
  });
});
