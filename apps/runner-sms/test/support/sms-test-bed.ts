import {
  buildJobDispatchFixture,
  buildRunnerIntegrationFixture,
  type JobDispatchData,
  type RunnerIntegration,
} from '@herald/contracts';
import { runnerConfig, RunnerModule } from '@herald/runner-kit';
import {
  bootTestApp,
  type HttpReceiver,
  type RequestResponder,
  RunnerTestWorld,
  startHttpReceiver,
  type TestApp,
} from '@herald/testing';

import { smsRunner } from '../../src/runner-sms.definition';

/** runner-sms against one fake provider API, with Herald's SMS webhook as the failover target. */
export interface SmsTestBed {
  world: RunnerTestWorld;
  /** The fake provider API. */
  api: HttpReceiver;
  /** The SMS webhook (second integration) answering 202 `{messageId: 'hook-1'}`. */
  webhook: HttpReceiver;
  /** The failover integration, not primary. */
  webhookIntegration(): RunnerIntegration;
  integration(providerId: string, credentials: Record<string, unknown>): RunnerIntegration;
  /** A dispatch whose environment lists `integrations`. */
  job(integrations: RunnerIntegration[], overrides?: Partial<JobDispatchData>): JobDispatchData;
  /** The webhook calls made for a job. */
  webhookCallsFor(data: JobDispatchData): HttpReceiver['requests'];
  close(): Promise<void>;
}

/** Boots runner-sms with its own database and broker names, plus the fake API and the webhook. */
export async function startSmsTestBed(label: string, responder: RequestResponder): Promise<SmsTestBed> {
  const world = await RunnerTestWorld.create(label, 'sms');
  const runner: TestApp = await bootTestApp(RunnerModule.forChannel(smsRunner, runnerConfig('sms').load(world.env)));
  await world.waitForRunner();
  const api = await startHttpReceiver(responder);
  const webhook = await startHttpReceiver(() => ({ status: 202, body: { messageId: 'hook-1' } }));
  return {
    world,
    api,
    webhook,
    webhookIntegration: () =>
      buildRunnerIntegrationFixture({
        providerId: 'sms-webhook',
        channel: 'sms',
        identifier: 'sms-webhook',
        primary: false,
        priority: 0,
        credentials: { webhookUrl: `${webhook.url}/sms`, from: 'Herald' },
      }),
    integration: (providerId, credentials) =>
      buildRunnerIntegrationFixture({ providerId, channel: 'sms', identifier: providerId, credentials }),
    job(integrations, overrides = {}) {
      const data = buildJobDispatchFixture(overrides, 'sms');
      world.integrations.set(data.environmentId, integrations);
      return data;
    },
    webhookCallsFor: (data) =>
      webhook.requests.filter((request) => (request.json as { deliveryKey?: string }).deliveryKey === data.deliveryKey),
    async close() {
      await runner.close();
      await Promise.all([api.close(), webhook.close()]);
      await world.close();
    },
  };
}
