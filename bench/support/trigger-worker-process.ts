import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';

import {
  createContractMessage,
  type Envelope,
  TRIGGER_REQUESTED_V1,
  type TriggerRequestedData,
  type WorkflowSnapshot,
} from '@herald/contracts';
import * as amqp from 'amqplib';

import { AMQP_URL } from './bench-config';
import {
  createDatabase,
  deletePrefixedTopology,
  dropDatabase,
  freePort,
  onServer,
  stopChild,
  waitReady,
} from './infra';

/** trigger-worker's own queues (relative to the broker prefix), deleted after a run. */
const WORKER_QUEUES = ['trigger-worker.trigger-requested', 'trigger-worker.job-status']
  .flatMap((queue) => [queue, `${queue}.dead`, ...[1000, 10000, 60000].map((ms) => `${queue}.retry.${ms}`)])
  .concat(['trigger-worker.rpc', 'bench.sink']);

/** A trigger-worker child process in a database and broker prefix of its own. */
export interface WorkerUnderTest {
  readonly prefix: string;
  readonly databaseUrl: string;
  readonly exchange: string;
  readonly child: ChildProcess;
  /** A confirm channel on the bench's own connection. */
  readonly channel: amqp.ConfirmChannel;
  /** Publishes a trigger (or any contract message) with a broker confirm. */
  publish(message: Envelope<unknown>): Promise<void>;
  /** Runs `work` on a connection to the worker's database. */
  query<T>(work: Parameters<typeof onServer<T>>[0]): Promise<T>;
  /** Stops the worker, deletes its queues and exchange, drops its database. */
  stop(): Promise<void>;
}

/**
 * Starts trigger-worker from dist/ with its production defaults (plus `env`) in a fresh database
 * and a `t_bench_<label>_…` broker prefix (a broker policy expires abandoned `t_` queues).
 * Resolves once its /health/ready answers 200.
 */
export async function startTriggerWorker(
  label: string,
  env: Record<string, string> = {},
  nodeArgs: string[] = [],
): Promise<WorkerUnderTest> {
  const prefix = `t_bench_${label}_${randomBytes(3).toString('hex')}`;
  const databaseUrl = await createDatabase(prefix);
  const connection = await amqp.connect(AMQP_URL);
  connection.on('error', () => undefined);
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [...nodeArgs, path.resolve(__dirname, '../../apps/trigger-worker/src/main.js')],
    {
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        AMQP_URL,
        BROKER_NAME_PREFIX: prefix,
        HTTP_PORT: String(port),
        LOG_LEVEL: 'warn',
        ...env,
      },
      stdio: 'inherit',
    },
  );
  // A child never outlives the bench, even when it fails.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const stop = async () => {
    await stopChild(child);
    process.off('exit', killOnExit);
    await deletePrefixedTopology(prefix, WORKER_QUEUES);
    await connection.close().catch(() => undefined);
    await dropDatabase(prefix);
  };
  try {
    await waitReady(`http://127.0.0.1:${port}/health/ready`, 60_000, () => child.exitCode === null);
    const channel = await connection.createConfirmChannel();
    const exchange = `${prefix}.herald`;
    return {
      prefix,
      databaseUrl,
      exchange,
      child,
      channel,
      publish: (message) =>
        new Promise<void>((resolve, reject) =>
          channel.publish(
            exchange,
            message.type,
            Buffer.from(JSON.stringify(message)),
            { persistent: true, contentType: 'application/json', messageId: message.id, type: message.type },
            (error) => (error ? reject(error) : resolve()),
          ),
        ),
      query: (work) => onServer(work, databaseUrl),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** `count` subscribers (with an email each) in the worker's `trigger` schema, all in topic `topicKey`, set-based. */
export async function seedTopic(
  worker: WorkerUnderTest,
  environmentId: string,
  count: number,
  topicKey = 'everyone',
): Promise<void> {
  await worker.query(async (client) => {
    await client.query(
      `INSERT INTO trigger.subscribers (environment_id, organization_id, subscriber_id, email, first_name)
       SELECT $1, 'bench-org', 'subscriber-' || lpad(n::text, 7, '0'), 'subscriber-' || n || '@example.com', 'Sub ' || n FROM generate_series(1, $2) AS n`,
      [environmentId, count],
    );
    await client.query(`INSERT INTO trigger.topics (environment_id, key, name) VALUES ($1, $2, $2)`, [
      environmentId,
      topicKey,
    ]);
    await client.query(
      `INSERT INTO trigger.topic_subscribers (environment_id, topic_id, subscriber_id, subscriber_pk)
       SELECT $1, t.id, s.subscriber_id, s.id FROM trigger.subscribers s JOIN trigger.topics t ON t.environment_id = s.environment_id AND t.key = $2 WHERE s.environment_id = $1`,
      [environmentId, topicKey],
    );
    await client.query('ANALYZE trigger.subscribers; ANALYZE trigger.topic_subscribers');
  });
}

/** One trigger of `workflow` to the topic `seedTopic` made (same organization and key), as the gateway would queue it. */
export async function publishTopicTrigger(
  worker: WorkerUnderTest,
  environmentId: string,
  workflow: WorkflowSnapshot,
  payload: TriggerRequestedData['payload'] = {},
  topicKey = 'everyone',
): Promise<void> {
  return worker.publish(
    createContractMessage(TRIGGER_REQUESTED_V1, {
      kind: 'trigger',
      organizationId: 'bench-org',
      environmentId,
      workflow,
      to: [{ type: 'Topic', topicKey }],
      payload,
      overrides: {},
      transactionId: randomUUID(),
      attachments: [],
      requestedAt: new Date().toISOString(),
    }),
  );
}

/**
 * Declares the queue that stands in for the runners, bound to every job dispatch (deleted with the
 * worker's queues); answers its name.
 */
export async function bindDispatchSink(
  worker: WorkerUnderTest,
  queueArguments?: Record<string, unknown>,
): Promise<string> {
  const sink = `${worker.prefix}.bench.sink`;
  await worker.channel.assertQueue(sink, { durable: false, autoDelete: true, arguments: queueArguments });
  await worker.channel.bindQueue(sink, worker.exchange, 'job.dispatch.#');
  return sink;
}
