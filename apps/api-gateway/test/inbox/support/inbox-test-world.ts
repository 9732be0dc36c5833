import { buildJobDispatchFixture, buildSubscriberSnapshotFixture, type SubscriberSnapshot } from '@herald/contracts';
import { Messaging } from '@herald/messaging';
import { runnerConfig, RunnerModule } from '@herald/runner-kit';
import { bootTestApp, expectEventually, RunnerTestWorld, type TestApp } from '@herald/testing';

// The inbox routes need a real runner-in-app on the same broker prefix; only cross-service tests
// boot one app next to another (no production code does).
// eslint-disable-next-line @nx/enforce-module-boundaries
import { inAppRunner } from '../../../../runner-in-app/src/runner-in-app.definition';
import { InboxStreamHub } from '../../../src/features/inbox/inbox-stream.hub';
import { subscriberHashOf } from '../../../src/pipeline/authentication/inbox-session.token';
import { GatewayTestApp, startGatewayTestApp, TestEnvironment } from '../../support/gateway-test-app';
import { SseClient } from './sse-client';

/** An inbox message as `/v1/inbox/stream` sends it. */
export interface StreamedItem {
  _id: string;
  seq: number;
  content: string;
  _subscriberId: string;
  _environmentId: string;
}

/**
 * The gateway and runner-in-app booted in-process on one broker prefix (each its own database),
 * with the runner's surroundings (integrations RPC stub, status recorder) from `RunnerTestWorld`.
 */
export class InboxTestWorld {
  private constructor(
    readonly world: RunnerTestWorld,
    readonly runner: TestApp,
    readonly gateway: GatewayTestApp,
  ) {}

  static async start(label: string, gatewayEnv: Record<string, string> = {}): Promise<InboxTestWorld> {
    const world = await RunnerTestWorld.create(label, 'in_app');
    const runner = await bootTestApp(RunnerModule.forChannel(inAppRunner, runnerConfig('in_app').load(world.env)));
    const gateway = await startGatewayTestApp({ BROKER_NAME_PREFIX: world.env.BROKER_NAME_PREFIX, ...gatewayEnv });
    await world.waitForRunner();
    const hub = gateway.app.get(InboxStreamHub);
    await expectEventually(() => expect(hub.isListening && gateway.app.get(Messaging).isReady()).toBe(true));
    return new InboxTestWorld(world, runner, gateway);
  }

  private gatewayClosed = false;

  /** Shuts the gateway down (once; `close()` skips it then). */
  async closeGateway(): Promise<void> {
    this.gatewayClosed = true;
    await this.gateway.close();
  }

  get environment(): TestEnvironment {
    return this.gateway.environment;
  }

  get hub(): InboxStreamHub {
    return this.gateway.app.get(InboxStreamHub);
  }

  /** Delivers one in-app message with `body` to `subscriber` in `environment`, and waits for its outcome. */
  async deliver(
    subscriber: SubscriberSnapshot,
    body: string,
    environment: TestEnvironment = this.environment,
  ): Promise<void> {
    const base = buildJobDispatchFixture({ subscriber }, 'in_app');
    const data = {
      ...base,
      environmentId: environment.environmentId,
      organizationId: environment.organizationId,
      step: { ...base.step, controlValues: { body, redirect: { url: 'https://example.com/x' } } },
    };
    await this.world.dispatch(data);
    expect((await this.world.outcomeOf(data.jobId)).status).toBe('completed');
  }

  /** A session token obtained the way a customer's frontend would: the environment's key and the subscriber's genuine hash. */
  async sessionToken(subscriberId: string, environment: TestEnvironment = this.environment): Promise<string> {
    const result = await this.http('POST', '/v1/inbox/session', {
      apiKey: environment.apiKey,
      body: { subscriberId, subscriberHash: subscriberHashOf(environment.apiKey, subscriberId) },
    });
    expect(result.status).toBe(201);
    return result.body.data.token;
  }

  /**
   * Opens `/v1/inbox/stream` with `token` on this gateway (or on a replica: its `baseUrl` and `hub`) and waits until
   * that hub holds the stream: from then on nothing is missed. The caller closes it.
   */
  async openStream(
    token: string,
    options: { baseUrl?: string; hub?: InboxStreamHub; headers?: Record<string, string> } = {},
  ): Promise<SseClient> {
    const hub = options.hub ?? this.hub;
    const before = hub.openStreams;
    const client = await SseClient.open(`${options.baseUrl ?? this.gateway.baseUrl}/v1/inbox/stream`, {
      authorization: `Bearer ${token}`,
      ...options.headers,
    });
    expect(client.status).toBe(200);
    expect(client.headers.get('content-type')).toMatch(/^text\/event-stream/);
    await expectEventually(() => expect(hub.openStreams).toBeGreaterThan(before));
    return client;
  }

  /** Calls the gateway with an API key (JSON in and out). */
  async http(
    method: string,
    path: string,
    options: { body?: unknown; apiKey?: string; headers?: Record<string, string> } = {},
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- specs read arbitrary response fields
  ): Promise<{ status: number; body: any }> {
    const response = await fetch(`${this.gateway.baseUrl}${path}`, {
      method,
      headers: {
        authorization: `ApiKey ${options.apiKey ?? this.environment.apiKey}`,
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...options.headers,
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  async close(): Promise<void> {
    if (!this.gatewayClosed) await this.gateway?.close();
    await this.runner?.close();
    await this.world?.close();
  }
}

/** A fresh subscriber snapshot. */
export const newSubscriber = (): SubscriberSnapshot => buildSubscriberSnapshotFixture();
