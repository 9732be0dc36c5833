import { randomBytes } from 'node:crypto';

import { buildJobDispatchFixture, type JobDispatchData, JobStatus, RunnerCredentialsSeal } from '@herald/contracts';
import {
  bootTestApp,
  expectEventually,
  type HttpReceiver,
  RunnerTestWorld,
  startHttpReceiver,
  type TestApp,
} from '@herald/testing';

import { runnerConfig, RunnerModule } from '../src';
import { testRunner, webhookIntegration } from './support/test-webhook.provider';

/**
 * The runner's side of decision 0031: credentials reach it sealed (`integrations.list-for-runner.v2`)
 * and it opens them with RUNNER_CREDENTIALS_KEY or RUNNER_CREDENTIALS_KEY_PREVIOUS, bound to the
 * environment it asked about, the integration and its own channel. A seal it cannot open sends
 * nothing: the dispatch is retried (a key is missing: configuration trouble), then dead-lettered.
 */
describe('runner: sealed integration credentials', () => {
  const current = randomBytes(32);
  const previous = randomBytes(32);
  let world: RunnerTestWorld;
  let runner: TestApp;
  let receiver: HttpReceiver;

  beforeAll(async () => {
    world = await RunnerTestWorld.create('runner_sealed', 'sms', {
      RUNNER_CREDENTIALS_KEY: current.toString('base64'),
      RUNNER_CREDENTIALS_KEY_PREVIOUS: previous.toString('base64'),
    });
    world.sealCredentialsWith(current);
    runner = await bootTestApp(RunnerModule.forChannel(testRunner, runnerConfig('sms').load(world.env)));
    await world.waitForRunner();
    receiver = await startHttpReceiver(() => ({ status: 201, body: { id: 'sent' } }));
  });

  afterEach(() => {
    world.sealCredentialsWith(current);
    world.rewriteIntegrationsAnswer(undefined);
  });

  afterAll(async () => {
    await runner?.close();
    await receiver?.close();
    await world?.close();
  });

  /** A job of a fresh environment (nothing cached) whose integration posts to its own path. */
  function job(): JobDispatchData {
    const data = buildJobDispatchFixture({}, 'sms');
    world.integrations.set(data.environmentId, [webhookIntegration(`${receiver.url}/${data.jobId}`)]);
    return data;
  }
  const sentFor = (data: JobDispatchData) => receiver.requests.filter((request) => request.path.endsWith(data.jobId));

  async function expectDeadLettered(data: JobDispatchData): Promise<void> {
    const dead = `${world.dispatchQueue}.dead`;
    const before = await world.broker.depth(dead);
    await world.dispatch(data);
    await expectEventually(async () => expect(await world.broker.depth(dead)).toBe(before + 1), { timeoutMs: 15_000 });
    expect(sentFor(data)).toHaveLength(0);
    expect(world.statusesOf(data.jobId).map((event) => event.status)).not.toContain(JobStatus.COMPLETED);
  }

  it('opens a seal made under its current key and delivers with the credentials inside', async () => {
    const data = job();
    await world.dispatch(data);
    expect(await world.outcomeOf(data.jobId)).toMatchObject({ status: JobStatus.COMPLETED, providerMessageId: 'sent' });
    expect(sentFor(data)).toHaveLength(1);
  });

  it('rotation: opens a seal made under the previous key while it has RUNNER_CREDENTIALS_KEY_PREVIOUS', async () => {
    world.sealCredentialsWith(previous);
    const data = job();
    await world.dispatch(data);
    expect(await world.outcomeOf(data.jobId)).toMatchObject({ status: JobStatus.COMPLETED });
    expect(sentFor(data)).toHaveLength(1);
  });

  it('refuses a seal under a key it does not hold: sends nothing, retries, then dead-letters', async () => {
    world.sealCredentialsWith(randomBytes(32));
    await expectDeadLettered(job());
  });

  it('refuses a seal made for another integration or another environment (associated data)', async () => {
    const other = job();
    world.rewriteIntegrationsAnswer((answer) =>
      answer.map((integration) => ({
        ...integration,
        sealedCredentials: new RunnerCredentialsSeal(current).seal(
          { url: `${receiver.url}/${other.jobId}` },
          { environmentId: other.environmentId, integrationId: integration.id, channel: 'sms' },
        ),
      })),
    );
    await expectDeadLettered(job());

    world.rewriteIntegrationsAnswer((answer, environmentId) =>
      answer.map((integration) => ({
        ...integration,
        sealedCredentials: new RunnerCredentialsSeal(current).seal(
          { url: `${receiver.url}/${other.jobId}` },
          { environmentId, integrationId: 'another-integration', channel: 'sms' },
        ),
      })),
    );
    await expectDeadLettered(job());
    expect(sentFor(other)).toHaveLength(0);
  });
});
