import { WorkflowRepository } from '../../../src/features/workflows/workflow.repository';
import { DEFAULT_PREFERENCES, type WorkflowDefinition } from '../../../src/features/workflows/workflow-definition';
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
  /**
   * Stores a workflow straight through the repository, past every check at save — as one saved before a
   * limit existed would be; `definition` overrides fields (one in-app step by default).
   */
  storeWorkflowUnchecked(workflowId: string, definition?: Partial<WorkflowDefinition>): Promise<void>;
  close(): Promise<void>;
}

/**
 * A gateway with no trigger-worker behind it. Rate limits are off unless a spec turns them on: a
 * topic or broadcast would otherwise cost a whole bucket after the audience RPC times out
 * (decision 0033), and whether the next request finds the bucket refilled would depend on timing.
 */
export async function startTriggerTestKit(env: Record<string, string> = {}): Promise<TriggerTestKit> {
  const gateway = await startGatewayTestApp({ RATE_LIMIT_ENABLED: 'false', ...env });
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

  const storeWorkflowUnchecked = async (workflowId: string, definition: Partial<WorkflowDefinition> = {}) => {
    await gateway.app.get(WorkflowRepository).create(gateway.environment.environmentId, workflowId, {
      name: workflowId,
      tags: [],
      active: true,
      critical: false,
      severity: 'none',
      isTranslationEnabled: false,
      validatePayload: false,
      payloadSchema: null,
      preferences: { user: null, workflow: DEFAULT_PREFERENCES },
      steps: [
        { _id: 'step-1', stepId: 'inbox', name: 'Inbox', type: 'in_app', active: true, controlValues: { body: 'Hi' } },
      ],
      ...definition,
    });
  };

  return {
    gateway,
    triggers,
    send,
    createWorkflow,
    storeWorkflowUnchecked,
    close: async () => {
      await triggers.close();
      await gateway.close();
    },
  };
}
