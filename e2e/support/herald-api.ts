import type { HeraldSystem } from './herald-system';

/** An HTTP answer: status and parsed JSON body (undefined when the body is not JSON). */
export interface ApiResponse<T = unknown> {
  status: number;
  body: T;
}

/** What `POST /v1/events/trigger` answers inside `data`. */
export interface TriggerResult {
  acknowledged: boolean;
  status: string;
  transactionId: string;
}

/** A raw-fetch client of Herald's public API, authenticated with the system's dev API key. */
export class HeraldApi {
  constructor(private readonly system: Pick<HeraldSystem, 'apiUrl' | 'apiKey'>) {}

  async request<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ApiResponse<T>> {
    const response = await fetch(`${this.system.apiUrl}${path}`, {
      method,
      headers: {
        Authorization: `ApiKey ${this.system.apiKey}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: response.status, body: parsed as T };
  }

  /** `POST /v2/workflows`; throws unless 201. */
  async createWorkflow(definition: { workflowId: string; steps: unknown[] } & Record<string, unknown>): Promise<void> {
    const response = await this.request('POST', '/v2/workflows', {
      name: definition.workflowId,
      active: true,
      ...definition,
    });
    if (response.status !== 201)
      throw new Error(`create workflow ${definition.workflowId}: ${response.status} ${JSON.stringify(response.body)}`);
  }

  /** `POST /v1/integrations`; throws unless 201. */
  async createIntegration(body: Record<string, unknown>): Promise<void> {
    const response = await this.request('POST', '/v1/integrations', body);
    if (response.status !== 201)
      throw new Error(`create integration: ${response.status} ${JSON.stringify(response.body)}`);
  }

  /** `POST /v1/events/trigger`; throws unless 201 and acknowledged. */
  async trigger(body: Record<string, unknown>, idempotencyKey?: string): Promise<TriggerResult> {
    const response = await this.request<{ data: TriggerResult }>(
      'POST',
      '/v1/events/trigger',
      body,
      idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : {},
    );
    if (response.status !== 201 || !response.body?.data?.acknowledged)
      throw new Error(`trigger: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body.data;
  }

  /** `DELETE /v1/events/trigger/:transactionId`: whether anything was left to cancel; throws unless 200. */
  async cancel(transactionId: string): Promise<boolean> {
    const response = await this.request<{ data: boolean }>(
      'DELETE',
      `/v1/events/trigger/${encodeURIComponent(transactionId)}`,
    );
    if (response.status !== 200 || typeof response.body?.data !== 'boolean')
      throw new Error(`cancel ${transactionId}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body.data;
  }

  /** `POST /v1/subscribers/bulk` (at most 500 a request); throws unless 201 with every subscriber created. */
  async createSubscribers(subscribers: ({ subscriberId: string } & Record<string, unknown>)[]): Promise<void> {
    const response = await this.request<{ data: { created: { subscriberId: string }[] } }>(
      'POST',
      '/v1/subscribers/bulk',
      { subscribers },
    );
    if (response.status !== 201 || response.body?.data?.created?.length !== subscribers.length) {
      throw new Error(`bulk create subscribers: ${response.status} ${JSON.stringify(response.body)}`);
    }
  }

  /** `POST /v2/topics`; throws unless 201. */
  async createTopic(key: string, name: string): Promise<void> {
    const response = await this.request('POST', '/v2/topics', { key, name });
    if (response.status !== 201)
      throw new Error(`create topic ${key}: ${response.status} ${JSON.stringify(response.body)}`);
  }

  /** `POST /v2/topics/:topicKey/subscriptions` (at most 100 a request); throws unless 201 with every one subscribed. */
  async subscribeToTopic(key: string, subscriberIds: string[]): Promise<void> {
    const response = await this.request<{ meta: { successful: number } }>(
      'POST',
      `/v2/topics/${encodeURIComponent(key)}/subscriptions`,
      { subscriberIds },
    );
    if (response.status !== 201 || response.body?.meta?.successful !== subscriberIds.length) {
      throw new Error(`subscribe to topic ${key}: ${response.status} ${JSON.stringify(response.body)}`);
    }
  }

  /** `POST /v1/events/trigger/bulk`; throws unless 201. */
  async triggerBulk(events: Record<string, unknown>[]): Promise<TriggerResult[]> {
    const response = await this.request<{ data: TriggerResult[] }>('POST', '/v1/events/trigger/bulk', { events });
    if (response.status !== 201) throw new Error(`bulk trigger: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body.data;
  }
}
