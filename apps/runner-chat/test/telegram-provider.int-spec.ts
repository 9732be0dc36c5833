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
import {
  BLOCKED_CHAT,
  fakeTelegram,
  TELEGRAM_TEST_BOT,
  telegramError,
  type TelegramScript,
} from './support/fake-telegram';

describe('runner-chat: Telegram', () => {
  let world: RunnerTestWorld;
  let runner: TestApp;
  let telegram: HttpReceiver;
  let slack: HttpReceiver;
  const script: TelegramScript = { next: [] };
  const chatScript: ChatScript = { slack: [], discord: [], msteams: [] };

  beforeAll(async () => {
    world = await RunnerTestWorld.create('runner_chat_telegram', 'chat');
    runner = await bootTestApp(RunnerModule.forChannel(chatRunner, runnerConfig('chat').load(world.env)));
    await world.waitForRunner();
    telegram = await startHttpReceiver(fakeTelegram(script));
    slack = await startHttpReceiver(fakeChatWebhooks(chatScript));
  });

  afterAll(async () => {
    await runner?.close();
    await Promise.all([telegram?.close(), slack?.close()]);
    await world?.close();
  });

  beforeEach(() => void (script.next.length = 0));

  const telegramIntegration = (credentials: Record<string, unknown> = {}): RunnerIntegration =>
    buildRunnerIntegrationFixture({
      providerId: 'telegram',
      channel: 'chat',
      identifier: 'telegram',
      credentials: { ...TELEGRAM_TEST_BOT, baseUrl: telegram.url, ...credentials },
    });
  const slackIntegration = buildRunnerIntegrationFixture({
    providerId: 'slack',
    channel: 'chat',
    identifier: 'slack',
    primary: false,
  });
  const slackChannel = (): SubscriberChannel => ({
    providerId: 'slack',
    credentials: { webhookUrl: `${slack.url}${CHAT_PATHS.slack}` },
  });

  function job(integrations: RunnerIntegration[], channels: SubscriberChannel[]): JobDispatchData {
    const base = buildJobDispatchFixture({}, 'chat');
    const data = {
      ...base,
      subscriber: { ...base.subscriber, channels },
      step: { ...base.step, controlValues: { body: '{{payload.author}} commented on *{{payload.post}}*' } },
    };
    world.integrations.set(data.environmentId, integrations);
    return data;
  }
  const sendsTo = (chatId: string) =>
    telegram.requests.filter((request) => (request.json as { chat_id?: string } | undefined)?.chat_id === chatId);

  it('sends the message to the subscriber’s chat through the bot’s sendMessage, overrides merged', async () => {
    const data = {
      ...job([telegramIntegration()], [{ providerId: 'telegram', credentials: { channel: '987654321' } }]),
      overrides: { providers: { telegram: { parse_mode: 'MarkdownV2' } } },
    };
    await world.dispatch(data);
    const outcome = await world.outcomeOf(data.jobId);
    expect(outcome).toMatchObject({
      status: JobStatus.COMPLETED,
      providerId: 'telegram',
      providerMessageId: expect.stringMatching(/^\d+$/),
      delivery: { channel: 'chat', recipient: '987654321' },
    });
    const [request] = sendsTo('987654321');
    expect(request.path).toBe(`/bot${TELEGRAM_TEST_BOT.token}/sendMessage`);
    expect(request.json).toEqual({
      chat_id: '987654321',
      text: 'Grace commented on *Notes on the Analytical Engine*',
      parse_mode: 'MarkdownV2',
    });
    expect(JSON.stringify(world.statusesOf(data.jobId))).not.toContain(TELEGRAM_TEST_BOT.token);
  });

  it('reports a chat that blocked the bot (403) as permanent, without failover', async () => {
    const data = job(
      [telegramIntegration(), slackIntegration],
      [{ providerId: 'telegram', credentials: { channel: BLOCKED_CHAT } }, slackChannel()],
    );
    const slackCalls = slack.requests.length;
    await world.dispatch(data);
    expect(await world.outcomeOf(data.jobId)).toMatchObject({
      status: JobStatus.FAILED,
      error: {
        code: 'provider_rejected',
        retryable: false,
        message: 'telegram answered HTTP 403: Forbidden: bot was blocked by the user',
      },
    });
    expect(slack.requests.length).toBe(slackCalls);
  });

  it('reports an unknown bot token as an auth failure that fails over', async () => {
    const data = job(
      [telegramIntegration({ token: '123456789:wrong' }), slackIntegration],
      [{ providerId: 'telegram', credentials: { channel: '111' } }, slackChannel()],
    );
    await world.dispatch(data);
    expect(await world.outcomeOf(data.jobId)).toMatchObject({
      status: JobStatus.COMPLETED,
      providerId: 'slack',
      detail: expect.stringContaining('failover from telegram: provider_auth_failed'),
    });
  });

  it.each([
    [
      'flood control (429, retry_after)',
      telegramError(429, 'Too Many Requests: retry after 5', { retry_after: 5 }),
      'provider_rate_limited',
    ],
    ['a gateway error (502)', telegramError(502, 'Bad Gateway'), 'provider_unavailable'],
  ])('fails over from Telegram on %s to Slack', async (_label, answer, code) => {
    script.next.push(answer);
    const data = job(
      [telegramIntegration(), slackIntegration],
      [{ providerId: 'telegram', credentials: { channel: '222' } }, slackChannel()],
    );
    const slackCalls = slack.requests.length;
    await world.dispatch(data);
    expect(await world.outcomeOf(data.jobId)).toMatchObject({
      status: JobStatus.COMPLETED,
      providerId: 'slack',
      detail: expect.stringContaining(`failover from telegram: ${code}`),
    });
    expect(slack.requests.length).toBe(slackCalls + 1);
  });

  it('says how long Telegram asks to wait, and carries it for the worker, when it is the only integration', async () => {
    script.next.push(telegramError(429, 'Too Many Requests: retry after 5', { retry_after: 5 }));
    const data = job([telegramIntegration()], [{ providerId: 'telegram', credentials: { channel: '333' } }]);
    await world.dispatch(data);
    expect(await world.outcomeOf(data.jobId)).toMatchObject({
      status: JobStatus.FAILED,
      error: {
        code: 'provider_rate_limited',
        retryable: true,
        message: 'telegram answered HTTP 429: Too Many Requests: retry after 5 (retry after 5 s)',
        retryAfterMs: 5000,
      },
    });
  });

  it('cancels the job when the subscriber has no telegram chat', async () => {
    const data = job([telegramIntegration()], []);
    await world.dispatch(data);
    expect(await world.outcomeOf(data.jobId)).toMatchObject({
      status: JobStatus.CANCELED,
      detail: expect.stringContaining('Subscriber has no telegram chat id'),
    });
  });
});
