import { randomBytes } from 'node:crypto';

import { expectEventually } from '@herald/testing';

import type { ActivityFeed, FeedNotification } from './activity-feed';

/** Generous: two cores shared with other suites make a delivery take seconds, not milliseconds. */
export const DELIVERY_TIMEOUT = { timeoutMs: 30_000, intervalMs: 100 };

/** A name no other case (or earlier run against the same broker) uses: `<name>-<8 hex>`. */
export const uniqueName = (name: string): string => `${name}-${randomBytes(4).toString('hex')}`;

/** Each notification's jobs as `type:status`, in step order. */
export const jobStatuses = (notifications: FeedNotification[]): string[][] =>
  notifications.map((notification) => notification.jobs.map((job) => `${job.type}:${job.status}`));

/** Waits until the activity feed shows the transaction's notifications with exactly these job statuses, and returns them. */
export async function expectJobs(
  feed: ActivityFeed,
  transactionId: string,
  expected: string[][],
  options = DELIVERY_TIMEOUT,
): Promise<FeedNotification[]> {
  return expectEventually(async () => {
    const notifications = await feed.notifications(transactionId);
    expect(jobStatuses(notifications)).toEqual(expected);
    return notifications;
  }, options);
}
