import { createEnvelope } from '@herald/contracts';
import { Messaging, MessagingLogger } from '@herald/messaging';
import { expectEventually, testServiceUrls, uniqueTestPrefix } from '@herald/testing';
import * as amqp from 'amqplib';

import { runDlqCommand } from './dlq.command';

// The integration project's testTimeout is not applied per project; say it here.
jest.setTimeout(60_000);

const TYPE = 'cli.test-event.v1';
const quiet: MessagingLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

describe('herald dlq', () => {
  const url = testServiceUrls().amqpUrl;
  const prefix = uniqueTestPrefix('cli_dlq');
  const messaging = new Messaging({ url, serviceName: 'cli-test', namePrefix: prefix, logger: quiet });
  const env = { AMQP_URL: url, BROKER_NAME_PREFIX: prefix };
  let healthy = false;
  const processed: string[] = [];

  const run = async (...args: string[]): Promise<{ code: number; out: string; err: string }> => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runDlqCommand(args, env, { out: (line) => out.push(line), err: (line) => err.push(line) });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };

  beforeAll(async () => {
    messaging.consume({
      service: 'cli-test',
      purpose: 'events',
      routingKeys: [TYPE],
      retry: { maxRetries: 0 },
      handler: async (envelope) => {
        if (!healthy) throw new Error('downstream unavailable');
        processed.push(envelope.id);
      },
    });
    await messaging.waitUntilReady(10_000);
  });

  afterAll(async () => {
    await messaging.stop();
    const connection = await amqp.connect(url);
    const channel = await connection.createChannel();
    const queue = messaging.names.workQueue('cli-test', 'events');
    for (const name of [queue, `${queue}.dead`, `${queue}.suspect`]) await channel.deleteQueue(name);
    await channel.deleteExchange(messaging.names.exchange);
    await connection.close();
  });

  it('lists dead letters without bodies and replays them into the work queue', async () => {
    const events = [
      createEnvelope(TYPE, 'env_test', { secret: 'payload-body-1' }),
      createEnvelope(TYPE, 'env_test', { secret: 'payload-body-2' }),
    ];
    await Promise.all(events.map((event) => messaging.publisher.publish(event)));

    const listed = await expectEventually(async () => {
      const result = await run('list', 'cli-test.events');
      expect(result.out).toContain(': 2 message(s)');
      return result;
    });
    expect(listed.code).toBe(0);
    for (const event of events) expect(listed.out).toContain(`id=${event.id} type=${TYPE}`);
    expect(listed.out).toContain('reason="handler-failed after 1 attempt(s): downstream unavailable"');
    expect(listed.out).not.toContain('payload-body');

    const limited = await run('list', 'cli-test.events.dead', '--limit', '1', '--json');
    expect(JSON.parse(limited.out)).toMatchObject({ count: 2, messages: [expect.objectContaining({ type: TYPE })] });

    healthy = true;
    const replayed = await run('replay', 'cli-test.events', '--limit', '1');
    expect(replayed).toEqual({
      code: 0,
      out: `replayed 1 message(s) from ${prefix}.cli-test.events.dead to ${prefix}.cli-test.events`,
      err: '',
    });
    await expectEventually(() => expect(processed).toHaveLength(1));
    expect((await run('replay', 'cli-test.events')).out).toContain('replayed 1 message(s)');
    await expectEventually(() => expect(processed.sort()).toEqual(events.map((event) => event.id).sort()));
    expect((await run('list', 'cli-test.events')).out).toContain(': 0 message(s)');
  });

  it('explains bad usage', async () => {
    expect(await run('purge', 'x.y')).toMatchObject({
      code: 2,
      err: expect.stringContaining('unknown dlq action "purge"'),
    });
    expect(await run('list')).toMatchObject({ code: 2, err: expect.stringContaining('missing <queue>') });
    expect(await run('list', 'a.b', '--limit', 'zero')).toMatchObject({
      code: 2,
      err: expect.stringContaining('--limit must be a positive integer'),
    });
    expect((await run('--help')).out).toContain('usage: herald dlq list');
    await expect(run('list', 'no-such.queue')).rejects.toThrow(`queue "${prefix}.no-such.queue.dead" does not exist`);
  });
});
