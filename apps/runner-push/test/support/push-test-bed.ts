import {
  buildJobDispatchFixture,
  buildRunnerIntegrationFixture,
  type JobDispatchData,
  type RunnerIntegration,
  type SubscriberChannel,
} from '@herald/contracts';
import { runnerConfig, RunnerModule } from '@herald/runner-kit';
import { bootTestApp, type HttpReceiver, RunnerTestWorld, startHttpReceiver, type TestApp } from '@herald/testing';

import { pushRunner } from '../../src/runner-push.definition';

/** A token the push webhook integration (the failover target) is registered with. */
export const WEBHOOK_TOKEN = 'push-webhook-token';

/** runner-push with the generic push webhook as the failover target; the fake provider is the spec's. */
export interface PushTestBed {
  world: RunnerTestWorld;
  /** The push webhook (second integration) answering 200 `{id: 'push-hook-1'}`. */
  webhook: HttpReceiver;
  webhookIntegration(): RunnerIntegration;
  integration(providerId: string, credentials: Record<string, unknown>): RunnerIntegration;
  /** A dispatch for a subscriber with `channels`, whose environment lists `integrations`; `controls` replace the step's. */
  job(
    integrations: RunnerIntegration[],
    channels: SubscriberChannel[],
    extra?: { controls?: Record<string, unknown>; overrides?: JobDispatchData['overrides'] },
  ): JobDispatchData;
  /** The webhook calls made for a job. */
  webhookCallsFor(data: JobDispatchData): HttpReceiver['requests'];
  close(): Promise<void>;
}

/** Boots runner-push with its own database and broker names, plus the failover webhook. */
export async function startPushTestBed(label: string): Promise<PushTestBed> {
  const world = await RunnerTestWorld.create(label, 'push');
  const runner: TestApp = await bootTestApp(RunnerModule.forChannel(pushRunner, runnerConfig('push').load(world.env)));
  await world.waitForRunner();
  const webhook = await startHttpReceiver(() => ({ status: 200, body: { id: 'push-hook-1' } }));
  return {
    world,
    webhook,
    webhookIntegration: () =>
      buildRunnerIntegrationFixture({
        providerId: 'push-webhook',
        channel: 'push',
        identifier: 'push-webhook',
        primary: false,
        credentials: { webhookUrl: `${webhook.url}/push` },
      }),
    integration: (providerId, credentials) =>
      buildRunnerIntegrationFixture({ providerId, channel: 'push', identifier: providerId, credentials }),
    job(integrations, channels, extra = {}) {
      const base = buildJobDispatchFixture(extra.overrides ? { overrides: extra.overrides } : {}, 'push');
      const data = {
        ...base,
        subscriber: {
          ...base.subscriber,
          channels: [...channels, { providerId: 'push-webhook', credentials: { deviceTokens: [WEBHOOK_TOKEN] } }],
        },
        step: extra.controls ? { ...base.step, controlValues: extra.controls } : base.step,
      };
      world.integrations.set(data.environmentId, integrations);
      return data;
    },
    webhookCallsFor: (data) =>
      webhook.requests.filter((request) => (request.json as { deliveryKey?: string }).deliveryKey === data.deliveryKey),
    async close() {
      await runner.close();
      await webhook.close();
      await world.close();
    },
  };
}
