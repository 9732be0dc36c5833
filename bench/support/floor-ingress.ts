// The floors' bare trigger ingress: what any `POST /v1/events/trigger` must at least do — a
// node:http server (keep-alive) that parses the JSON body, takes a Redis `SET key NX PX` lease
// (the `idempotency-key` header, or a fresh key per request when there is none), publishes the
// body in an envelope, persistent and confirmed, and answers 201. Its own process, as the gateway
// is. bench:gateway points it at the bench exchange; bench:e2e's herald-shaped floor at its first
// hop's quorum queue (the default exchange). Run as `node floor-ingress.js --serve` by
// startFloorIngress; the rest of this module is the bench's side.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import * as amqp from 'amqplib';
import { createClient } from 'redis';
import { AMQP_URL, REDIS_URL } from './bench-config';
import { freePort, stopChild, waitReady } from './infra';

/** The message type the gateway publishes a trigger as (the envelope's `type`). */
const MESSAGE_TYPE = 'trigger.requested.v1';
const LEASE_MS = 120_000;

/** Where the ingress publishes: an exchange and routing key, or `''` and a queue's name. */
export interface FloorIngressTarget {
  exchange: string;
  routingKey: string;
}

/** A running ingress process. */
export interface FloorIngress {
  readonly url: string;
  readonly pid: number;
  /** SIGTERM (it closes its connections), SIGKILL if it hangs. */
  stop(): Promise<void>;
}

/** Starts the ingress as a child process; resolves once its `/health` answers. */
export async function startFloorIngress(target: FloorIngressTarget): Promise<FloorIngress> {
  const port = await freePort();
  const child = spawn(process.execPath, [__filename, '--serve'], {
    env: { ...process.env, FLOOR_INGRESS_PORT: String(port), FLOOR_INGRESS_EXCHANGE: target.exchange, FLOOR_INGRESS_ROUTING_KEY: target.routingKey, AMQP_URL, REDIS_URL },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const stop = async () => {
    await stopChild(child);
    process.off('exit', killOnExit);
  };
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitReady(`${url}/health`, 30_000, () => child.exitCode === null);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, pid: child.pid ?? 0, stop };
}

/** The ingress process: serves until SIGTERM. */
async function serve(): Promise<void> {
  const exchange = process.env.FLOOR_INGRESS_EXCHANGE ?? '';
  const routingKey = process.env.FLOOR_INGRESS_ROUTING_KEY as string;
  const redis = createClient({ url: REDIS_URL });
  await redis.connect();
  const broker = await amqp.connect(AMQP_URL);
  const channel = await broker.createConfirmChannel();
  const server = http.createServer((request, response) => {
    if (request.method === 'GET') return void response.end('ok');
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
        const key = request.headers['idempotency-key'] ?? randomUUID();
        const taken = await redis.set(`bench:floor:${String(key)}`, 'in-progress', { condition: 'NX', expiration: { type: 'PX', value: LEASE_MS } });
        if (taken === null) {
          response.writeHead(409).end();
          return;
        }
        const id = randomUUID();
        const message = Buffer.from(JSON.stringify({ id, type: MESSAGE_TYPE, occurredAt: new Date().toISOString(), data: body }));
        await new Promise<void>((resolve, reject) =>
          channel.publish(exchange, routingKey, message, { persistent: true, messageId: id, mandatory: true, contentType: 'application/json' }, (error: unknown) =>
            error ? reject(error) : resolve(),
          ),
        );
        response.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ data: { acknowledged: true, status: 'processed', transactionId: id } }));
      } catch {
        response.writeHead(500).end();
      }
    });
  });
  // Fastify's default, which the gateway runs with: an idle keep-alive socket between rounds stays open.
  server.keepAliveTimeout = 72_000;
  server.listen(Number(process.env.FLOOR_INGRESS_PORT), '127.0.0.1');
  process.once('SIGTERM', () => {
    server.close();
    server.closeAllConnections();
    void Promise.allSettled([redis.quit(), broker.close()]).then(() => process.exit(0));
  });
}

if (require.main === module && process.argv[2] === '--serve') {
  serve().catch((error: unknown) => {
    console.error('floor ingress:', error);
    process.exit(1);
  });
}
