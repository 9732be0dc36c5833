import { uniqueTestPrefix } from '@herald/testing';
import { Novu } from '@novu/api';

import { GatewayTestApp, startGatewayTestApp, TestEnvironment } from '../../support/gateway-test-app';
import { deleteBrokerObjects, TriggerWorkerProcess } from './trigger-worker.process';

/** A JSON response as the specs inspect it. */
export interface JsonResponse {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- specs read arbitrary response fields
  body: any;
}

/** The gateway and trigger-worker in this process, sharing one broker prefix, each with its own database. */
export interface WorkerRoutesWorld {
  gateway: GatewayTestApp;
  worker: TriggerWorkerProcess;
  /** Raw HTTP as a curl user sends it (the default environment's key unless another is given). */
  http(method: string, path: string, body?: unknown, environment?: TestEnvironment): Promise<JsonResponse>;
  /** The official SDK pointed at the gateway, without retries (a failure must fail the test now). */
  sdk(environment?: TestEnvironment): Novu;
  /** Creates an active workflow through `POST /v2/workflows` (one in-app step unless `steps` are given). */
  createWorkflow(workflowId: string, steps?: Record<string, unknown>[]): Promise<void>;
  /** Triggers a workflow for subscribers and returns its transactionId. */
  trigger(workflowId: string, to: unknown, transactionId?: string): Promise<string>;
  close(): Promise<void>;
}

/** Boots the world; `gatewayEnv` overrides the gateway's configuration. */
export async function startWorkerRoutesWorld(
  label: string,
  gatewayEnv: Record<string, string> = {},
): Promise<WorkerRoutesWorld> {
  const prefix = uniqueTestPrefix(label);
  const [gateway, worker] = await Promise.all([
    startGatewayTestApp({ BROKER_NAME_PREFIX: prefix, WORKER_RPC_TIMEOUT_MS: '3000', ...gatewayEnv }),
    TriggerWorkerProcess.start(prefix),
  ]);

  const http = async (
    method: string,
    path: string,
    body?: unknown,
    environment = gateway.environment,
  ): Promise<JsonResponse> => {
    const response = await fetch(`${gateway.baseUrl}${path}`, {
      method,
      headers: {
        authorization: `ApiKey ${environment.apiKey}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
  };

  const expectStatus = (response: JsonResponse, status: number, what: string) => {
    if (response.status !== status) throw new Error(`${what}: ${response.status} ${JSON.stringify(response.body)}`);
    return response;
  };

  return {
    gateway,
    worker,
    http,
    sdk: (environment = gateway.environment) =>
      new Novu({ secretKey: environment.apiKey, serverURL: gateway.baseUrl, retryConfig: { strategy: 'none' } }),
    createWorkflow: async (
      workflowId,
      steps = [{ name: 'Inbox', type: 'in_app', controlValues: { body: 'Hello {{payload.name}}' } }],
    ) => {
      expectStatus(
        await http('POST', '/v2/workflows', { name: workflowId, workflowId, active: true, steps }),
        201,
        `creating workflow ${workflowId}`,
      );
    },
    trigger: async (workflowId, to, transactionId) => {
      const response = expectStatus(
        await http('POST', '/v1/events/trigger', { name: workflowId, to, payload: { name: 'Ada' }, transactionId }),
        201,
        `triggering ${workflowId}`,
      );
      return response.body.data.transactionId as string;
    },
    close: async () => {
      await Promise.allSettled([gateway.close(), worker.close()]);
      await deleteBrokerObjects(prefix);
    },
  };
}
