import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { buildJobDispatchFixture, type JobDispatchData, JobStatus } from '@herald/contracts';
import { DATA_SOURCE } from '@herald/persistence';
import {
  bootTestApp,
  expectEventually,
  type HttpReceiver,
  RunnerTestWorld,
  startHttpReceiver,
  type TestApp,
} from '@herald/testing';
import type { DataSource } from 'typeorm';

import { OutcomeJournal, runnerConfig, RunnerModule } from '../src';
import { testRunner, webhookIntegration } from './support/test-webhook.provider';

describe('runner outcome journal: a provider answer outlives a killed runner', () => {
  let world: RunnerTestWorld;
  let receiver: HttpReceiver;
  let journalDir: string;
  let journalFile: string;
  let runner: TestApp | undefined;

  const bootRunner = async () => {
    runner = await bootTestApp(
      RunnerModule.forChannel(
        testRunner,
        runnerConfig('sms').load({ ...world.env, RUNNER_OUTCOME_JOURNAL_DIR: journalDir }),
      ),
    );
    await world.waitForRunner();
    return runner.app.get<DataSource>(DATA_SOURCE);
  };

  beforeAll(async () => {
    world = await RunnerTestWorld.create('runner_journal', 'sms');
    receiver = await startHttpReceiver(() => ({ status: 201, body: { id: `msg-${receiver.requests.length}` } }));
    journalDir = mkdtempSync(path.join(tmpdir(), 'herald-runner-journal-'));
    journalFile = path.join(journalDir, 'runner-sms.journal');
  });

  afterAll(async () => {
    await runner?.close();
    await receiver?.close();
    await world?.close();
    rmSync(journalDir, { recursive: true, force: true });
  });

  function job(): JobDispatchData {
    const data = buildJobDispatchFixture({}, 'sms');
    world.integrations.set(data.environmentId, [webhookIntegration(`${receiver.url}/send`)]);
    return data;
  }

  const sentFor = (data: JobDispatchData) =>
    receiver.requests.filter((request) => (request.json as { deliveryKey?: string }).deliveryKey === data.deliveryKey);

  it('records on start what a killed predecessor journaled, so the job that comes back is not sent again', async () => {
    // The process that gets killed: it claimed the key (live lease) and the provider answered...
    const db = await bootRunner();
    const data = job();
    await db.query(
      `INSERT INTO runner_sms.deliveries (job_id, environment_id, delivery_key, transaction_id, subscriber_id, step_id, attempt, outcome, locked_until)
       VALUES ($1, $2, $3, $4, $5, $6, 1, 'sending', now() + interval '5 minutes')`,
      [
        data.jobId,
        data.environmentId,
        data.deliveryKey,
        data.transactionId,
        data.subscriber.subscriberId,
        data.step.stepId,
      ],
    );
    await runner?.close();
    runner = undefined;
    // ...and the answer reached its journal before the kill, not the delivery log.
    const killed = OutcomeJournal.open(journalFile);
    killed.sent(data, {
      status: 'completed',
      integrationId: 'integration-1',
      providerId: 'test-webhook',
      providerMessageId: 'msg-before-the-kill',
      recipient: data.subscriber.phone ?? '',
      detail: 'Sent by test-webhook',
    });
    killed.close();

    const restarted = await bootRunner();
    const [row] = await restarted.query(
      'SELECT outcome, provider_message_id FROM runner_sms.deliveries WHERE job_id = $1',
      [data.jobId],
    );
    expect(row).toEqual({ outcome: 'delivered', provider_message_id: 'msg-before-the-kill' });
    expect(await world.outcomeOf(data.jobId)).toMatchObject({
      status: JobStatus.COMPLETED,
      providerMessageId: 'msg-before-the-kill',
    });

    // The killed process never acked its copy of the job: the broker hands it out again.
    await world.dispatch(data);
    await expectEventually(async () => expect(await world.broker.depth(world.dispatchQueue)).toBe(0));
    expect(sentFor(data)).toHaveLength(0);
    expect(readFileSync(journalFile, 'utf8')).toContain('"recorded"');
  });

  it('journals each provider answer and marks it recorded once its outcome is committed', async () => {
    if (!runner) await bootRunner();
    const data = job();
    await world.dispatch(data);
    expect(await world.outcomeOf(data.jobId)).toMatchObject({ status: JobStatus.COMPLETED });
    expect(sentFor(data)).toHaveLength(1);
    const lines = readFileSync(journalFile, 'utf8')
      .trim()
      .split('\n')
      .filter((line) => line.includes(data.jobId));
    expect(lines.map((line) => Object.keys(JSON.parse(line) as object)[0])).toEqual(['sent', 'recorded']);
  });
});
