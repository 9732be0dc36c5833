import { GatewayTestApp, startGatewayTestApp, TestEnvironment } from '../../support/gateway-test-app';
import { TriggerQueueProbe } from './trigger-queue.probe';

/** A response as the trigger specs inspect it. */
export interface HttpResult {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- specs read arbitrary response fields
  body: any;
}

/** How a test sends a request: JSON by default, or raw bytes with headers of its choosing. */
export interface SendOptions {
  method?: string;
  headers?: Record<string, string>;
  /** Sent as is (no JSON encoding, no content-type added). */
  raw?: string | Buffer;
  /** Another environment's key. */
  environment?: TestEnvironment;
}

/** The gateway in-process plus a queue counting what it publishes. */
export interface TriggerTestKit {
  gateway: GatewayTestApp;
  triggers: TriggerQueueProbe;
  send(path: string, body?: unknown, options?: SendOptions): Promise<HttpResult>;
  /** Creates an active workflow (one in-app step) through `POST /v2/workflows`; `definition` overrides fields. */
  createWorkflow(
    workflowId: string,
    definition?: Record<string, unknown>,
    environment?: TestEnvironment,
  ): Promise<void>;
  close(): Promise<void>;
}

export async function startTriggerTestKit(env: Record<string, string> = {}): Promise<TriggerTestKit> {
  const gateway = await startGatewayTestApp(env);
  const triggers = await TriggerQueueProbe.bind(
    gateway.config.AMQP_URL,
    `${gateway.config.BROKER_NAME_PREFIX}.${gateway.config.BROKER_EXCHANGE}`,
  );

  const send = async (path: string, body?: unknown, options: SendOptions = {}): Promise<HttpResult> => {
    const environment = options.environment ?? gateway.environment;
    const json = body !== undefined && options.raw === undefined;
    const response = await fetch(`${gateway.baseUrl}${path}`, {
      method: options.method ?? 'POST',
      headers: {
        authorization: `ApiKey ${environment.apiKey}`,
        ...(json ? { 'content-type': 'application/json' } : {}),
        ...options.headers,
      },
      body: options.raw ?? (json ? JSON.stringify(body) : undefined),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // Not JSON (e.g. Swagger UI's HTML): the text is the body.
    }
    return { status: response.status, headers: response.headers, body: parsed };
  };

  const createWorkflow = async (
    workflowId: string,
    definition: Record<string, unknown> = {},
    environment?: TestEnvironment,
  ) => {
    const body = {
      name: workflowId,
      workflowId,
      active: true,
      steps: [{ name: 'Inbox', type: 'in_app', controlValues: { body: 'Hello {{payload.name}}' } }],
      ...definition,
    };
    const response = await send('/v2/workflows', body, { environment });
    if (response.status !== 201)
      throw new Error(`creating workflow ${workflowId} failed: ${response.status} ${JSON.stringify(response.body)}`);
  };

  return {
    gateway,
    triggers,
    send,
    createWorkflow,
    close: async () => {
      await triggers.close();
      await gateway.close();
    },
  };
}
