// The floors' bare trigger ingress: what any `POST /v1/events/trigger` must at least do — a
// node:http server (keep-alive) that parses the JSON body, takes a Redis `SET key NX PX` lease
// (the `idempotency-key` header, or a fresh key per request when there is none), publishes the
// body in an envelope, persistent and confirmed, and answers 201. Its own process, as the gateway
// is. bench:gateway points it at the bench exchange; bench:e2e's herald-shaped floor at its first
// hop's quorum queue (the default exchange). Run as `node floor-ingress.js --serve` by
// startFloorIngress; the rest of this module is the bench's side.
import { randomUUID } from 'node:crypto';

import * as amqp from 'amqplib';
import { createClient } from 'redis';

import { AMQP_URL, REDIS_URL } from './bench-config';
import { type IngressProcess, runIngressWhenServing, serveIngress, startIngressProcess } from './ingress-process';

/** The message type the gateway publishes a trigger as (the envelope's `type`). */
const MESSAGE_TYPE = 'trigger.requested.v1';
const LEASE_MS = 120_000;

/** Where the ingress publishes: an exchange and routing key, or `''` and a queue's name. */
export interface FloorIngressTarget {
  exchange: string;
  routingKey: string;
}

/** A running floor ingress. */
export type FloorIngress = IngressProcess;

/** Starts the ingress as a child process; resolves once its `/health` answers. */
export function startFloorIngress(target: FloorIngressTarget): Promise<FloorIngress> {
  return startIngressProcess(__filename, {
    FLOOR_INGRESS_EXCHANGE: target.exchange,
    FLOOR_INGRESS_ROUTING_KEY: target.routingKey,
  });
}

/** The ingress process: serves until SIGTERM. */
async function serve(): Promise<void> {
  const exchange = process.env.FLOOR_INGRESS_EXCHANGE ?? '';
  const routingKey = process.env.FLOOR_INGRESS_ROUTING_KEY as string;
  const redis = createClient({ url: REDIS_URL });
  await redis.connect();
  const broker = await amqp.connect(AMQP_URL);
  const channel = await broker.createConfirmChannel();
  serveIngress(
    async (request, response, raw) => {
      const body = JSON.parse(raw) as Record<string, unknown>;
      const key = request.headers['idempotency-key'] ?? randomUUID();
      const taken = await redis.set(`bench:floor:${String(key)}`, 'in-progress', {
        condition: 'NX',
        expiration: { type: 'PX', value: LEASE_MS },
      });
      if (taken === null) return void response.writeHead(409).end();
      const id = randomUUID();
      const message = Buffer.from(
        JSON.stringify({ id, type: MESSAGE_TYPE, occurredAt: new Date().toISOString(), data: body }),
      );
      await new Promise<void>((resolve, reject) =>
        channel.publish(
          exchange,
          routingKey,
          message,
          { persistent: true, messageId: id, mandatory: true, contentType: 'application/json' },
          (error: unknown) => (error ? reject(error) : resolve()),
        ),
      );
      response
        .writeHead(201, { 'content-type': 'application/json' })
        .end(JSON.stringify({ data: { acknowledged: true, status: 'processed', transactionId: id } }));
    },
    [() => redis.quit(), () => broker.close()],
  );
}

runIngressWhenServing(module, 'floor ingress', serve);
