import type { ActivityJob, ActivityNotification } from '../api/activity.types';
import type { Integration } from '../api/resources.types';
import { failoverOrder, providerDeliveries } from './integration-order';

const integration = (identifier: string, fields: Partial<Integration>): Integration => ({
  _id: identifier,
  providerId: 'nodemailer',
  channel: 'email',
  name: identifier,
  identifier,
  credentials: {},
  active: true,
  primary: false,
  priority: 0,
  createdAt: '2026-12-06T08:00:00.000Z',
  ...fields,
});

describe('failoverOrder', () => {
  it('puts the primary first, then descending priority, and leaves out the inactive', () => {
    const { tried, inactive } = failoverOrder([
      integration('low', { priority: 1 }),
      integration('off', { active: false, priority: 9 }),
      integration('high', { priority: 5 }),
      integration('main', { primary: true }),
      integration('low-too', { priority: 1 }),
    ]);
    expect(tried.map((entry) => entry.identifier)).toEqual(['main', 'high', 'low', 'low-too']);
    expect(inactive.map((entry) => entry.identifier)).toEqual(['off']);
  });
});

describe('providerDeliveries', () => {
  const job = (type: string, providerId: string, status: ActivityJob['status'], updatedAt: string) =>
    ({ type, providerId, status, updatedAt }) as ActivityJob;
  const notifications = [
    { jobs: [job('email', 'nodemailer', 'completed', '2026-12-06T08:01:00Z'), job('sms', 'twilio', 'failed', 'x')] },
    { jobs: [job('email', 'nodemailer', 'failed', '2026-12-06T08:02:00Z'), job('email', 'nodemailer', 'queued', 'y')] },
  ] as ActivityNotification[];

  it('counts settled jobs of the channel and provider', () => {
    expect(providerDeliveries(notifications, 'email', 'nodemailer')).toEqual({
      completed: 1,
      failed: 1,
      errorRate: 0.5,
      lastAt: '2026-12-06T08:02:00Z',
    });
  });

  it('has no error rate without a settled delivery', () => {
    expect(providerDeliveries(notifications, 'push', 'fcm').errorRate).toBeUndefined();
  });
});
