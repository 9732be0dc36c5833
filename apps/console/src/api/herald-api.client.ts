import type { ActivityFilters, ActivityNotification, ActivityPage, EnvironmentInfo } from './activity.types';
import { ConsoleApiError, errorSentence } from './console-api.error';

/**
 * Herald's public API, as the signed-in environment sees it: every call carries
 * `Authorization: ApiKey …` in a header (never in a URL), to the origin that served the console.
 */
export class HeraldApiClient {
  constructor(
    private readonly apiKey: string,
    private readonly baseUrl = '',
  ) {}

  async environment(): Promise<EnvironmentInfo> {
    return (await this.get<{ data: EnvironmentInfo }>('/v1/environments/me')).data;
  }

  async notifications(filters: ActivityFilters, page: number, limit: number): Promise<ActivityPage> {
    const query = new URLSearchParams({ page: String(page), limit: String(limit) });
    if (filters.transactionId) query.set('transactionId', filters.transactionId);
    if (filters.subscriberId) query.set('subscriberIds', filters.subscriberId);
    if (filters.channel) query.set('channels', filters.channel);
    if (filters.workflow) query.set('templates', filters.workflow);
    if (filters.status) query.set('statuses', filters.status);
    if (filters.after) query.set('after', filters.after);
    if (filters.before) query.set('before', filters.before);
    return this.get<ActivityPage>(`/v1/notifications?${query}`);
  }

  async notification(notificationId: string): Promise<ActivityNotification> {
    return (await this.get<{ data: ActivityNotification }>(`/v1/notifications/${encodeURIComponent(notificationId)}`))
      .data;
  }

  private async get<T>(path: string): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        headers: { Authorization: `ApiKey ${this.apiKey}`, Accept: 'application/json' },
        cache: 'no-store',
      });
    } catch {
      throw new ConsoleApiError(0, errorSentence(0));
    }
    if (!response.ok) {
      const body = (await response.json().catch(() => undefined)) as { message?: unknown } | undefined;
      const message = typeof body?.message === 'string' ? body.message : undefined;
      throw new ConsoleApiError(response.status, errorSentence(response.status, message));
    }
    return (await response.json()) as T;
  }
}
