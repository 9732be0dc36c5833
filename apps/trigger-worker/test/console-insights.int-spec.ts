import { randomUUID } from 'node:crypto';

import {
  type IntegrationDeliveryStats,
  type JobContentInput,
  type JobDispatchData,
  JobStatus,
  type ThroughputSeries,
} from '@herald/contracts';
import { expectEventually } from '@herald/testing';

import type { JobStatusInput } from './support/job-status.publisher';
import { newTenant, steps, triggerFor } from './support/trigger.fixtures';
import { ackedCount, WorkerTestHarness } from './support/worker-test-harness';

// The console's figures and a sent job's render input, counted and read by trigger-worker from the
// jobs and execution details it keeps: exact, per environment, per integration.
describe('console insights RPC', () => {
  let harness: WorkerTestHarness;
  const mine = newTenant();
  const other = newTenant();
  const integrations = { inbox: randomUUID(), smtp: randomUUID(), foreign: randomUUID() };
  const trigger = triggerFor(mine, [steps.inApp('bell', { body: 'Hi {{payload.name}}' }), steps.email()], ['ada']);
  const foreignTrigger = triggerFor(other, [steps.inApp()], ['eve']);
  let inApp: JobDispatchData;
  const rpc = <R>(environmentId: string, method: string, data: Record<string, unknown> = {}) =>
    harness.broker.rpc<R>(method, { environmentId, ...data });

  async function report(dispatch: JobDispatchData, input: JobStatusInput): Promise<void> {
    const before = await ackedCount(harness.instances[0], 'job-status');
    await harness.broker.jobStatus(dispatch, input);
    await expectEventually(async () => expect(await ackedCount(harness.instances[0], 'job-status')).toBe(before + 1));
  }

  beforeAll(async () => {
    harness = await WorkerTestHarness.create('tw_console_insights');
    await harness.start();
    await harness.broker.trigger(trigger);
    await harness.broker.trigger(foreignTrigger);
    inApp = await harness.broker.waitForDispatch((data) => data.transactionId === trigger.transactionId);
    const foreign = await harness.broker.waitForDispatch((data) => data.transactionId === foreignTrigger.transactionId);
    await report(inApp, { status: JobStatus.RUNNING });
    await report(inApp, { status: JobStatus.COMPLETED, integrationId: integrations.inbox });
    const email = await harness.broker.waitForDispatch(
      (data) => data.transactionId === trigger.transactionId && data.step.type === 'email',
    );
    await report(email, {
      status: JobStatus.FAILED,
      integrationId: integrations.smtp,
      error: { code: 'provider_rejected', message: 'mailbox unavailable', retryable: false },
    });
    await report(foreign, { status: JobStatus.COMPLETED, integrationId: integrations.foreign });
  }, 120_000);

  afterAll(() => harness.close());

  it('counts triggers, deliveries and failures per minute, every minute of the window present', async () => {
    const series = await rpc<ThroughputSeries>(mine.environmentId, 'insights.throughput.v1');
    expect(series.bucketSeconds).toBe(60);
    expect(series.points).toHaveLength(60);
    const total = (field: 'triggers' | 'deliveries' | 'failures') =>
      series.points.reduce((sum, point) => sum + point[field], 0);
    // The email's `queued` and `running` details and the worker's own are not deliveries.
    expect([total('triggers'), total('deliveries'), total('failures')]).toEqual([1, 1, 1]);
    expect(Date.parse(series.points[59].at)).toBeLessThanOrEqual(Date.parse(series.to));
    expect(Date.parse(series.to) - Date.parse(series.points[59].at)).toBeLessThan(60_000);
    const short = await rpc<ThroughputSeries>(mine.environmentId, 'insights.throughput.v1', { minutes: 5 });
    expect(short.points).toHaveLength(5);
  });

  it('counts delivered and failed attempts per integration the runner named, in this environment only', async () => {
    const stats = await rpc<{ data: IntegrationDeliveryStats[] }>(
      mine.environmentId,
      'insights.integration-deliveries.v1',
    );
    const byId = new Map(stats.data.map((entry) => [entry.integrationId, entry]));
    expect([...byId.keys()].sort()).toEqual([integrations.inbox, integrations.smtp].sort());
    expect(byId.get(integrations.inbox)).toMatchObject({ delivered: 1, failed: 0 });
    expect(byId.get(integrations.smtp)).toMatchObject({ delivered: 0, failed: 1 });
    expect(byId.get(integrations.smtp)?.recent).toEqual([
      expect.objectContaining({
        status: 'failed',
        transactionId: trigger.transactionId,
        subscriberId: 'ada',
        errorCode: 'provider_rejected',
      }),
    ]);
    const none = await rpc<{ data: IntegrationDeliveryStats[] }>(
      mine.environmentId,
      'insights.integration-deliveries.v1',
      {
        recent: 0,
      },
    );
    expect(none.data.every((entry) => entry.recent.length === 0)).toBe(true);
  });

  it("answers a channel job's render input from the stored trigger, and nothing of another environment", async () => {
    const input = await rpc<JobContentInput>(mine.environmentId, 'notifications.job-content-input.v1', {
      notificationId: inApp.notificationId,
      jobId: inApp.jobId,
    });
    expect(input).toMatchObject({
      jobId: inApp.jobId,
      channel: 'in_app',
      status: JobStatus.COMPLETED,
      step: { stepId: 'bell', controlValues: { body: 'Hi {{payload.name}}' } },
      workflow: { id: trigger.workflow.id, version: trigger.workflow.version },
      payload: trigger.payload,
      digest: null,
    });
    expect(input.subscriber).toMatchObject({ subscriberId: 'ada' });
    expect(input.subscriber).not.toHaveProperty('channels');
    await expect(
      rpc(other.environmentId, 'notifications.job-content-input.v1', {
        notificationId: inApp.notificationId,
        jobId: inApp.jobId,
      }),
    ).rejects.toMatchObject({ code: 'notification_not_found' });
  });
});
