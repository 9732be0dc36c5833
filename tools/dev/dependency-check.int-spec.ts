import net from 'node:net';

import { testServiceUrls } from '@herald/testing';

import { findUnreachableDependencies } from './dependency-check';

/** A port nothing listens on: bind one, note it, close it. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('npm start dependency check', () => {
  it('passes when Postgres, RabbitMQ and Redis answer', async () => {
    const urls = testServiceUrls();
    await expect(findUnreachableDependencies(urls)).resolves.toEqual([]);
  });

  it('names each unreachable service, the URL it tried (password masked) and the command that starts it', async () => {
    const port = await closedPort();
    const problems = await findUnreachableDependencies({
      databaseUrl: `postgres://postgres:sekret@127.0.0.1:${port}/herald`,
      amqpUrl: `amqp://guest:guest@127.0.0.1:${port}`,
      redisUrl: `redis://127.0.0.1:${port}`,
    });
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(
      new RegExp(`PostgreSQL is not reachable at postgres://postgres:\\*\\*\\*@127.0.0.1:${port}/herald`),
    );
    expect(problems[0]).toMatch(/pg_ctlcluster --skip-systemctl-redirect/);
    expect(problems[1]).toMatch(/RabbitMQ .*rabbitmq-server -detached/s);
    expect(problems[2]).toMatch(/Redis .*redis-server --daemonize yes/s);
    expect(problems.join('\n')).not.toContain('sekret');
  });
});
