import {
  buildJobDispatchFixture,
  buildRunnerIntegrationFixture,
  type JobDispatchData,
  JobStatus,
  type RunnerIntegration,
  type SubscriberChannel,
} from '@herald/contracts';
import { runnerConfig, RunnerModule } from '@herald/runner-kit';
import { bootTestApp, type HttpReceiver, RunnerTestWorld, startHttpReceiver, type TestApp } from '@herald/testing';

import { chatRunner } from '../src/runner-chat.definition';
import { CHAT_PATHS, type ChatScript, fakeChatWebhooks } from './support/fake-chat-webhooks';

describe('runner-chat providers', () => {
  let world: RunnerTestWorld;
  let runner: TestApp;
  let chat: HttpReceiver;
  const script: ChatScript = { slack: [], discord: [], msteams: [] };

  beforeAll(async () => {
    world = await RunnerTestWorld.create('runner_chat', 'chat');
    runner = await bootTestApp(RunnerModule.forChannel(chatRunner, runnerConfig('chat').load(world.env)));
    await world.waitForRunner();
    chat = await startHttpReceiver(fakeChatWebhooks(script));
  });

  afterAll(async () => {
    await runner?.close();
    await chat?.close();
    await world?.close();
  });

  beforeEach(() => {
    script.slack.length = script.discord.length = script.msteams.length = 0;
  });

  const integration = (providerId: 'slack' | 'discord' | 'msteams', extra: Partial<RunnerIntegration> = {}) =>
    buildRunnerIntegrationFixture({ providerId, channel: 'chat', identifier: providerId, ...extra });
  const url = (providerId: keyof typeof CHAT_PATHS) => `${chat.url}${CHAT_PATHS[providerId]}`;

  function job(
    integrations: RunnerIntegration[],
    channels: SubscriberChannel[],
    body = '{{payload.author}} commented on *{{payload.post}}*',
  ): JobDispatchData {
    const base = buildJobDispatchFixture({}, 'chat');
    const data = {
      ...base,
      subscriber: { ...base.subscriber, channels },
      step: { ...base.step, controlValues: { body } },
    };
    world.integrations.set(data.environmentId, integrations);
    return data;
  }
  const last = (path: string) => chat.requestsTo(path).at(-1);

  it('posts {text} to the subscriber’s Slack webhook and never reports the URL', async () => {
    const data = job(
      [integration('slack')],
      [{ providerId: 'slack', credentials: { webhookUrl: url('slack'), channel: '#general' } }],
    );
    await world.dispatch(data);
    const outcome = await world.outcomeOf(data.jobId);
    expect(outcome).toMatchObject({
      status: JobStatus.COMPLETED,
      providerId: 'slack',
      delivery: { channel: 'chat', recipient: '#general' },
    });
    expect(JSON.stringify(world.statusesOf(data.jobId))).not.toContain('slacksecret');
    expect(last(CHAT_PATHS.slack)?.json).toEqual({ text: 'Grace commented on *Notes on the Analytical Engine*' });
  });

  it('adds Slack blocks from provider overrides', async () => {
    const base = job([integration('slack', { credentials: { webhookUrl: url('slack') } })], []);
    const data = {
      ...base,
      overrides: { providers: { slack: { blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'hi' } }] } } },
    };
    await world.dispatch(data);
    expect(await world.outcomeOf(data.jobId)).toMatchObject({
      status: JobStatus.COMPLETED,
      delivery: { recipient: data.subscriber.subscriberId },
    });
    expect(last(CHAT_PATHS.slack)?.json).toMatchObject({ blocks: [{ type: 'section' }] });
  });

  it.each([
    [
      'a revoked webhook (404 no_service)',
      '/services/T0001/B0001/revoked',
      'provider_rejected',
      false,
      'slack answered HTTP 404: no_service',
    ],
    [
      'an empty message (400 no_text)',
      CHAT_PATHS.slack,
      'provider_rejected',
      false,
      'slack answered HTTP 400: no_text',
    ],
  ])('reports %s as a permanent failure', async (_label, path, code, retryable, message) => {
    const data = job(
      [integration('slack')],
      [{ providerId: 'slack', credentials: { webhookUrl: `${chat.url}${path}` } }],
      path === CHAT_PATHS.slack ? '' : 'hello',
    );
    await world.dispatch(data);
    expect(await world.outcomeOf(data.jobId)).toMatchObject({
      status: JobStatus.FAILED,
      error: { code, retryable, message },
    });
  });

  it('fails over from a rate-limited Slack to Discord and reports the Discord message id', async () => {
    script.slack.push({ status: 429, headers: { 'retry-after': '1' }, body: 'rate_limited' });
    const channels = [
      { providerId: 'slack', credentials: { webhookUrl: url('slack') } },
      { providerId: 'discord', credentials: { webhookUrl: url('discord') } },
    ];
    const data = job([integration('slack', { primary: true }), integration('discord', { primary: false })], channels);
    await world.dispatch(data);
    expect(await world.outcomeOf(data.jobId)).toMatchObject({
      status: JobStatus.COMPLETED,
      providerId: 'discord',
      providerMessageId: expect.stringMatching(/^\d+$/),
      detail: expect.stringContaining('failover from slack: provider_rate_limited'),
    });
    const request = last(CHAT_PATHS.discord);
    expect(request?.query.get('wait')).toBe('true');
    expect(request?.json).toEqual({ content: 'Grace commented on *Notes on the Analytical Engine*' });
  });

  it('maps Discord errors: an unknown webhook is permanent, a 429 retryable', async () => {
    const unknown = job(
      [integration('discord')],
      [{ providerId: 'discord', credentials: { webhookUrl: `${chat.url}/api/webhooks/1/nope` } }],
    );
    await world.dispatch(unknown);
    expect(await world.outcomeOf(unknown.jobId)).toMatchObject({
      status: JobStatus.FAILED,
      error: {
        code: 'provider_rejected',
        retryable: false,
        message: 'discord answered HTTP 404: 10015 Unknown Webhook',
      },
    });
    script.discord.push({
      status: 429,
      body: { message: 'You are being rate limited.', retry_after: 0.5, global: false },
    });
    const limited = job(
      [integration('discord')],
      [{ providerId: 'discord', credentials: { webhookUrl: url('discord') } }],
    );
    await world.dispatch(limited);
    expect(await world.outcomeOf(limited.jobId)).toMatchObject({
      status: JobStatus.FAILED,
      error: { code: 'provider_rate_limited', retryable: true },
    });
  });

  it('posts text, or a card given as JSON, to a Teams webhook from the integration', async () => {
    const teams = integration('msteams', { credentials: { webhookUrl: url('msteams') } });
    const plain = job([teams], []);
    await world.dispatch(plain);
    expect(await world.outcomeOf(plain.jobId)).toMatchObject({ status: JobStatus.COMPLETED, providerId: 'msteams' });
    expect(last(CHAT_PATHS.msteams)?.json).toEqual({ text: 'Grace commented on *Notes on the Analytical Engine*' });
    const card = job(
      [teams],
      [],
      '{"@type": "MessageCard", "@context": "https://schema.org/extensions", "summary": "s", "text": "{{payload.author}}"}',
    );
    await world.dispatch(card);
    expect(await world.outcomeOf(card.jobId)).toMatchObject({ status: JobStatus.COMPLETED });
    expect(last(CHAT_PATHS.msteams)?.json).toEqual({
      '@type': 'MessageCard',
      '@context': 'https://schema.org/extensions',
      summary: 's',
      text: 'Grace',
    });
  });

  it('refuses a webhook on a private or a link-local address', async () => {
    for (const webhookUrl of ['http://192.168.0.10/hook', 'http://[fe80::1]/hook']) {
      const data = job([integration('slack')], [{ providerId: 'slack', credentials: { webhookUrl } }]);
      await world.dispatch(data);
      expect(await world.outcomeOf(data.jobId)).toMatchObject({
        status: JobStatus.FAILED,
        error: { code: 'outbound_url_refused', retryable: false },
      });
    }
  });

  it('cancels a job when no chat integration has a webhook for the subscriber', async () => {
    const data = job([integration('slack'), integration('discord', { primary: false })], []);
    await world.dispatch(data);
    expect(await world.outcomeOf(data.jobId)).toMatchObject({
      status: JobStatus.CANCELED,
      detail: 'Subscriber has no slack webhook URL; Subscriber has no discord webhook URL',
    });
  });
});
