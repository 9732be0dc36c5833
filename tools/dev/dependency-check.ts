import { connect as amqpConnect } from 'amqplib';
import { Client } from 'pg';
import { createClient } from 'redis';

/** A local dependency `npm start` needs, with the command that starts it on this kind of machine. */
interface Dependency {
  name: string;
  url: string;
  startCommand: string;
  probe(url: string): Promise<void>;
}

async function probePostgres(url: string): Promise<void> {
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString(), connectionTimeoutMillis: 3000 });
  await client.connect();
  await client.end();
}

async function probeRabbit(url: string): Promise<void> {
  const connection = await amqpConnect(url, { timeout: 3000 });
  await connection.close();
}

async function probeRedis(url: string): Promise<void> {
  const client = createClient({ url, socket: { connectTimeout: 3000, reconnectStrategy: false } });
  client.on('error', () => undefined);
  await client.connect();
  await client.ping();
  await client.quit();
}

/** Returns one message per unreachable dependency (the URL tried and how to start it). */
export async function findUnreachableDependencies(urls: {
  databaseUrl: string;
  amqpUrl: string;
  redisUrl: string;
}): Promise<string[]> {
  const dependencies: Dependency[] = [
    {
      name: 'PostgreSQL',
      url: urls.databaseUrl,
      probe: probePostgres,
      startCommand: 'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start',
    },
    { name: 'RabbitMQ', url: urls.amqpUrl, probe: probeRabbit, startCommand: 'rabbitmq-server -detached' },
    {
      name: 'Redis',
      url: urls.redisUrl,
      probe: probeRedis,
      startCommand: 'redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save ""',
    },
  ];
  const results = await Promise.all(
    dependencies.map(async (dependency) => {
      try {
        await dependency.probe(dependency.url);
        return undefined;
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        return `${dependency.name} is not reachable at ${redactPassword(dependency.url)} (${reason}).\n    Start it with: ${dependency.startCommand}`;
      }
    }),
  );
  return results.filter((message): message is string => message !== undefined);
}

function redactPassword(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
