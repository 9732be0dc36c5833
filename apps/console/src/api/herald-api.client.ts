import type { ActivityFilters, ActivityNotification, ActivityPage, EnvironmentInfo } from './activity.types';
import { type AnsweredFieldErrors, ConsoleApiError, errorSentence } from './console-api.error';
import type {
  DeliveryStats,
  InboxPage,
  Integration,
  IntegrationTestAnswer,
  SentContent,
  StepPreview,
  StepPreviewRequest,
  Subscriber,
  SubscriberPage,
  SubscriberPreferences,
  ThroughputSeries,
  TriggerResult,
  Workflow,
  WorkflowSummary,
} from './resources.types';

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

  /** Triggers, deliveries and failures per minute over the last hour, counted by Herald. */
  async throughput(): Promise<ThroughputSeries> {
    return (await this.get<{ data: ThroughputSeries }>('/v1/notifications/throughput?minutes=60')).data;
  }

  /** A delivered step's content, re-rendered by Herald from the stored trigger. */
  async sentContent(notificationId: string, jobId: string): Promise<SentContent> {
    const path = `/v1/notifications/${encodeURIComponent(notificationId)}/jobs/${encodeURIComponent(jobId)}/content`;
    return (await this.get<{ data: SentContent }>(path)).data;
  }

  /** Subscribers newest first; `search` matches a subscriberId, email or name. */
  async subscribers(search: string | undefined, after?: string): Promise<SubscriberPage> {
    const query = new URLSearchParams({ limit: '20', orderDirection: 'DESC' });
    if (search?.includes('@')) query.set('email', search);
    else if (search) query.set('subscriberId', search);
    if (after) query.set('after', after);
    return this.get<SubscriberPage>(`/v2/subscribers?${query}`);
  }

  async subscriber(subscriberId: string): Promise<Subscriber> {
    return (await this.get<{ data: Subscriber }>(`/v2/subscribers/${encodeURIComponent(subscriberId)}`)).data;
  }

  async preferences(subscriberId: string): Promise<SubscriberPreferences> {
    const path = `/v2/subscribers/${encodeURIComponent(subscriberId)}/preferences`;
    return (await this.get<{ data: SubscriberPreferences }>(path)).data;
  }

  /** The subscriber's in-app inbox, newest first (Novu's feed route). */
  async inbox(subscriberId: string): Promise<InboxPage> {
    return this.get<InboxPage>(`/v1/subscribers/${encodeURIComponent(subscriberId)}/notifications/feed?limit=20`);
  }

  async integrations(): Promise<Integration[]> {
    return (await this.get<{ data: Integration[] }>('/v1/integrations')).data;
  }

  /** Each integration's delivered and failed attempts over the last 24 hours, and its newest outcomes. */
  async deliveryStats(): Promise<DeliveryStats> {
    return (await this.get<{ data: DeliveryStats }>('/v1/integrations/delivery-stats?hours=24&recent=5')).data;
  }

  /** Sends one test message through an integration; answers what its provider said. */
  async testIntegration(integrationId: string, to: string | undefined): Promise<IntegrationTestAnswer> {
    const path = `/v1/integrations/${encodeURIComponent(integrationId)}/test`;
    return (await this.send<{ data: IntegrationTestAnswer }>('POST', path, to ? { to } : {})).data;
  }

  async workflows(): Promise<{ workflows: WorkflowSummary[]; totalCount: number }> {
    return (await this.get<{ data: { workflows: WorkflowSummary[]; totalCount: number } }>('/v2/workflows?limit=100'))
      .data;
  }

  async workflow(workflowId: string): Promise<Workflow> {
    return (await this.get<{ data: Workflow }>(`/v2/workflows/${encodeURIComponent(workflowId)}`)).data;
  }

  /** What a step would send for a sample payload and subscriber (decision 0040); a template error is a 422. */
  async previewStep(workflowId: string, stepId: string, request: StepPreviewRequest): Promise<StepPreview> {
    const path = `/v2/workflows/${encodeURIComponent(workflowId)}/step/${encodeURIComponent(stepId)}/preview`;
    return (await this.send<{ data: StepPreview }>('POST', path, request)).data;
  }

  /** Triggers a workflow for one subscriber, as an application would (`POST /v1/events/trigger`). */
  async trigger(workflowId: string, subscriberId: string, payload: Record<string, unknown>): Promise<TriggerResult> {
    const body = { name: workflowId, to: subscriberId, payload };
    return (await this.send<{ data: TriggerResult }>('POST', '/v1/events/trigger', body)).data;
  }

  private get<T>(path: string): Promise<T> {
    return this.send<T>('GET', path);
  }

  private async send<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: {
          Authorization: `ApiKey ${this.apiKey}`,
          Accept: 'application/json',
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: 'no-store',
      });
    } catch {
      throw new ConsoleApiError(0, errorSentence(0));
    }
    if (!response.ok) {
      const answer = (await response.json().catch(() => undefined)) as
        { message?: unknown; errors?: unknown } | undefined;
      const message = typeof answer?.message === 'string' ? answer.message : undefined;
      const errors =
        answer?.errors && typeof answer.errors === 'object' && !Array.isArray(answer.errors)
          ? (answer.errors as AnsweredFieldErrors)
          : undefined;
      throw new ConsoleApiError(response.status, errorSentence(response.status, message, errors));
    }
    return (await response.json()) as T;
  }
}
