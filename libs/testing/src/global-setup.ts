import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';

import { GenericContainer, StartedTestContainer } from 'testcontainers';

import { LOCAL_DEFAULTS } from './service-urls';

/** A service the integration tests need, where to look for it, and the container that replaces it. */
interface ServiceNeed {
  envName: 'TEST_DATABASE_URL' | 'TEST_AMQP_URL' | 'TEST_REDIS_URL';
  localUrl: string;
  image: string;
  port: number;
  env?: Record<string, string>;
  urlFor(host: string, port: number): string;
}

const NEEDS: ServiceNeed[] = [
  {
    envName: 'TEST_DATABASE_URL',
    localUrl: LOCAL_DEFAULTS.databaseUrl,
    image: 'postgres:15',
    port: 5432,
    env: { POSTGRES_HOST_AUTH_METHOD: 'trust' },
    urlFor: (host, port) => `postgres://postgres@${host}:${port}/postgres`,
  },
  {
    envName: 'TEST_AMQP_URL',
    localUrl: LOCAL_DEFAULTS.amqpUrl,
    image: 'rabbitmq:3.12',
    port: 5672,
    urlFor: (host, port) => `amqp://guest:guest@${host}:${port}`,
  },
  {
    envName: 'TEST_REDIS_URL',
    localUrl: LOCAL_DEFAULTS.redisUrl,
    image: 'redis:7',
    port: 6379,
    urlFor: (host, port) => `redis://${host}:${port}`,
  },
];

const started: StartedTestContainer[] = [];

function reachable(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise<boolean>((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port) });
    const done = (answer: boolean) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(1000);
    socket
      .once('connect', () => done(true))
      .once('error', () => done(false))
      .once('timeout', () => done(false));
  });
}

function dockerPresent(): boolean {
  return Boolean(process.env.DOCKER_HOST) || fs.existsSync('/var/run/docker.sock');
}

/**
 * Jest global setup for integration tests: a service given by URL is used as is; otherwise the
 * local default is used when it answers; otherwise, when a Docker engine is present, a container is
 * started with testcontainers. Workers inherit the resulting TEST_* variables.
 */
export default async function globalSetup(): Promise<void> {
  for (const need of NEEDS) {
    if (process.env[need.envName]) continue;
    if (await reachable(need.localUrl)) continue;
    if (!dockerPresent()) {
      throw new Error(
        `${need.envName} is unset, ${need.localUrl} does not answer, and no Docker engine is present to start ${need.image}`,
      );
    }
    const container = await new GenericContainer(need.image)
      .withEnvironment(need.env ?? {})
      .withExposedPorts(need.port)
      .start();
    started.push(container);
    process.env[need.envName] = need.urlFor(container.getHost(), container.getMappedPort(need.port));
  }
  (globalThis as { __heraldContainers?: StartedTestContainer[] }).__heraldContainers = started;
  if (!process.env.TEST_AMQP_URL) expireLeftoverTestQueues();
}

/**
 * Every suite declares its queues under a `t_…` prefix (quorum queues are heavy: a broker holding
 * thousands of abandoned ones stops answering). A policy lets the local broker delete unused
 * ones after 15 minutes. Best effort: without rabbitmqctl the suites still run.
 */
function expireLeftoverTestQueues(): void {
  spawnSync(
    'rabbitmqctl',
    ['-q', 'set_policy', 'herald-test-queues-expire', '^t_', '{"expires":900000}', '--apply-to', 'queues'],
    {
      timeout: 20_000,
      killSignal: 'SIGKILL',
      stdio: 'ignore',
    },
  );
}
