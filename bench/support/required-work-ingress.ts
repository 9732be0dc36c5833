// The gateway bench's second floor: the work issue 3 requires of any `POST /v1/events/trigger`,
// written as a bare node:http handler with no framework — API-key lookup (SHA-256 digest into an
// in-memory map), the idempotency fingerprint (SHA-256 of canonical JSON) and derived
// transactionId, the gateway's own admission script (token bucket + lease, one EVALSHA), the
// same `trigger.requested.v1` message (workflow snapshot included, persistent, mandatory,
// confirmed), the answer with its RateLimit-* and Idempotency-Key headers, and the lease settled
// with that answer (a second EVALSHA) before it leaves. What Herald spends beyond this is its
// framework (Nest, Fastify), its validation and its generality; what the bare floor spends less
// is the work the issue asks for. Run as `node required-work-ingress.js --serve` by
// startRequiredWorkIngress.
import { hash, randomUUID } from 'node:crypto';
import http from 'node:http';

import { buildWorkflowSnapshotFixture, createEnvelope, TRIGGER_REQUESTED_V1 } from '@herald/contracts';
import * as amqp from 'amqplib';
import { createClient } from 'redis';

import { canonicalJson } from '../../apps/api-gateway/src/core/json/canonical-json';
import { TRANSACTION_ID_NAMESPACE, uuidV5 } from '../../apps/api-gateway/src/features/events/transaction-id';
import { TAKE_TOKENS_LUA } from '../../apps/api-gateway/src/pipeline/admission/rate-limit/token-bucket.lua';
import { ACQUIRE_LEASE_LUA } from '../../apps/api-gateway/src/pipeline/idempotency/idempotency.store';
import { AMQP_URL, REDIS_URL } from './bench-config';
import type { FloorIngressTarget } from './floor-ingress';
import { type IngressProcess, runIngressWhenServing, serveIngress, startIngressProcess } from './ingress-process';

const LEASE_MS = 120_000;
const KEEP_SECONDS = 120;
const CAPACITY = 1_000_000;
const ORGANIZATION_ID = randomUUID();
const ENVIRONMENT_ID = randomUUID();

// The gateway's scripts: admission as AdmissionStore runs it, completion as IdempotencyStore does.
const ADMIT = `${TAKE_TOKENS_LUA}${ACQUIRE_LEASE_LUA}
local took, left = take_tokens(KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]))
if took == 0 then return { took, tostring(left) } end
local existing = acquire_lease(KEYS[2], ARGV[4], ARGV[5], ARGV[6])
if existing then return { took, tostring(left), existing } end
return { took, tostring(left) }
`;
const COMPLETE = `local lease = redis.call('HMGET', KEYS[1], 'owner', 'state')
if lease[1] ~= ARGV[1] or lease[2] ~= 'in-progress' then return 0 end
redis.call('HSET', KEYS[1], 'state', 'completed', 'status', ARGV[2], 'body', ARGV[3])
redis.call('EXPIRE', KEYS[1], ARGV[4])
return 1
`;

/** Starts the ingress as a child process; resolves once it answers. `apiKey` is the one key it accepts. */
export function startRequiredWorkIngress(
  target: FloorIngressTarget,
  apiKey: string,
  workflowIdentifier: string,
): Promise<IngressProcess> {
  return startIngressProcess(__filename, {
    INGRESS_EXCHANGE: target.exchange,
    INGRESS_ROUTING_KEY: target.routingKey,
    INGRESS_API_KEY: apiKey,
    INGRESS_WORKFLOW: workflowIdentifier,
  });
}

/** The ingress process: serves until SIGTERM. */
async function serve(): Promise<void> {
  const exchange = process.env.INGRESS_EXCHANGE ?? '';
  const routingKey = process.env.INGRESS_ROUTING_KEY as string;
  const environments = new Map([
    [
      hash('sha256', process.env.INGRESS_API_KEY as string, 'base64'),
      { organizationId: ORGANIZATION_ID, environmentId: ENVIRONMENT_ID },
    ],
  ]);
  const workflow = { ...buildWorkflowSnapshotFixture(), identifier: process.env.INGRESS_WORKFLOW as string };
  const redis = createClient({ url: REDIS_URL });
  await redis.connect();
  const [admitSha, completeSha] = await Promise.all([redis.scriptLoad(ADMIT), redis.scriptLoad(COMPLETE)]);
  const broker = await amqp.connect(AMQP_URL);
  const channel = await broker.createConfirmChannel();

  const answer = async (request: http.IncomingMessage, response: http.ServerResponse, raw: string) => {
    const authorization = request.headers.authorization ?? '';
    const environment = authorization.startsWith('ApiKey ')
      ? environments.get(hash('sha256', authorization.slice(7), 'base64'))
      : undefined;
    if (!environment) return void response.writeHead(401).end();
    const body = JSON.parse(raw) as { name: string; to: string; payload: Record<string, unknown> };
    const key = String(request.headers['idempotency-key'] ?? randomUUID());
    if (key.length > 255) return void response.writeHead(400).end();
    const owner = randomUUID();
    const leaseKey = `bench:required:${environment.environmentId}:${hash('sha256', key, 'base64')}`;
    const fingerprint = hash('sha256', `POST /v1/events/trigger\n${canonicalJson(body)}`);
    const [allowed, left, existing] = (await redis.sendCommand([
      'EVALSHA',
      admitSha,
      '2',
      `bench:required:rl:${environment.environmentId}:trigger`,
      leaseKey,
      String(CAPACITY),
      String(CAPACITY),
      '1',
      owner,
      fingerprint,
      String(LEASE_MS),
    ])) as [number, string, unknown?];
    if (allowed !== 1) return void response.writeHead(429).end();
    if (existing) return void response.writeHead(409).end();
    const transactionId = uuidV5(`${environment.environmentId}\n${key}`, TRANSACTION_ID_NAMESPACE);
    const requestedAt = new Date().toISOString();
    const data = {
      kind: 'trigger',
      ...environment,
      workflow,
      to: [{ type: 'Subscriber', subscriberId: body.to }],
      payload: body.payload,
      overrides: {},
      transactionId,
      attachments: [],
      requestedAt,
      idempotencyKey: key,
    };
    const envelope = createEnvelope(TRIGGER_REQUESTED_V1, environment.environmentId, data);
    await new Promise<void>((resolve, reject) =>
      channel.publish(
        exchange,
        routingKey,
        Buffer.from(JSON.stringify(envelope)),
        {
          persistent: true,
          mandatory: true,
          messageId: envelope.id,
          type: TRIGGER_REQUESTED_V1,
          timestamp: Math.floor(Date.now() / 1000),
          contentType: 'application/json',
        },
        (error: unknown) => (error ? reject(error) : resolve()),
      ),
    );
    const answerBody = JSON.stringify({
      data: {
        acknowledged: true,
        status: 'processed',
        transactionId,
        activityFeedLink: `/console/notifications?transactionId=${transactionId}`,
        jobData: {
          workflowId: workflow.identifier,
          workflowVersion: workflow.version,
          kind: 'trigger',
          recipients: 1,
          droppedRecipients: 0,
          attachments: 0,
        },
      },
    });
    await redis.sendCommand(['EVALSHA', completeSha, '1', leaseKey, owner, '201', answerBody, String(KEEP_SECONDS)]);
    response
      .writeHead(201, {
        'idempotency-key': key,
        'ratelimit-limit': String(CAPACITY),
        'ratelimit-remaining': String(Math.floor(Number(left))),
        'ratelimit-reset': '1',
        'ratelimit-policy': `${CAPACITY};w=1;burst=${CAPACITY};comment="token bucket";category="trigger";cost=1`,
        'content-type': 'application/json; charset=utf-8',
      })
      .end(answerBody);
  };

  serveIngress(answer, [() => redis.quit(), () => broker.close()]);
}

runIngressWhenServing(module, 'required-work ingress', serve);
