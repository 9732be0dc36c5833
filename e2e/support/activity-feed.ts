import type { HeraldApi } from './herald-api';

/** One notification of the activity feed, reduced to what the e2e cases assert. */
export interface FeedNotification {
  subscriberId: string;
  jobs: { type: string; status: string; digest: unknown }[];
}

/** One in-app inbox message, reduced to what the e2e cases assert. */
export interface InboxEntry {
  transactionId: string;
  subject: string | null;
  body: string;
}

interface FeedPage {
  hasMore: boolean;
  data: { subscriber: { subscriberId: string }; jobs: FeedNotification['jobs'] }[];
}

/** Reads the activity feed and a subscriber's inbox through the gateway's public routes. */
export class ActivityFeed {
  constructor(private readonly api: HeraldApi) {}

  /** `GET /v1/notifications?transactionId=…`, every page: the notifications with their jobs in step order. */
  async notifications(transactionId: string): Promise<FeedNotification[]> {
    const all: FeedNotification[] = [];
    for (let page = 0; ; page++) {
      const response = await this.api.request<FeedPage>(
        'GET',
        `/v1/notifications?transactionId=${encodeURIComponent(transactionId)}&limit=50&page=${page}`,
      );
      if (response.status !== 200)
        throw new Error(`activity feed: ${response.status} ${JSON.stringify(response.body)}`);
      for (const notification of response.body.data) {
        all.push({
          subscriberId: notification.subscriber.subscriberId,
          jobs: notification.jobs.map(({ type, status, digest }) => ({ type, status, digest })),
        });
      }
      if (!response.body.hasMore) return all;
    }
  }

  /** `GET /v1/subscribers/:id/notifications/feed`: the subscriber's inbox, oldest first (at most 100). */
  async inbox(subscriberId: string): Promise<InboxEntry[]> {
    const response = await this.api.request<{
      data: { transactionId: string; subject?: string | null; content?: string; body?: string }[];
    }>('GET', `/v1/subscribers/${encodeURIComponent(subscriberId)}/notifications/feed?limit=100`);
    if (response.status !== 200) throw new Error(`inbox feed: ${response.status} ${JSON.stringify(response.body)}`);
    // Newest first on the wire; the cases compare oldest first.
    return response.body.data
      .map((message) => ({
        transactionId: message.transactionId,
        subject: message.subject ?? null,
        body: message.content ?? message.body ?? '',
      }))
      .reverse();
  }
}
