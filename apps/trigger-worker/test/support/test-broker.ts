import {
  createContractMessage,
  createEnvelope,
  type Envelope,
  JOB_STATUS_CHANGED_V1,
  type JobDispatchData,
  MESSAGE_DELETED_V1,
  type MessageDeletedData,
  parseMessage,
  TRIGGER_REQUESTED_V1,
  type TriggerRequestedData,
} from '@herald/contracts';
import {
  deadLetterQueueName,
  DEFAULT_RETRY_DELAYS_MS,
  Messaging,
  retryQueueName,
  suspectQueueName,
} from '@herald/messaging';
import { expectEventually } from '@herald/testing';
import * as amqp from 'amqplib';

import { TRIGGER_CANCEL_V1 } from '../../src/engine/cancel/cancel.rpc';
import type { CancelResult } from '../../src/engine/cancel/cancel-transaction.usecase';
import { buildJobStatus, type JobStatusInput } from './job-status.publisher';

/** A dispatch a runner would have received. */
export interface CapturedDispatch {
  routingKey: string;
  data: JobDispatchData;
}

/**
 * The other services, as seen from the broker: publishes triggers (the gateway), captures every
 * `job.dispatch.*` and plays status events (the runners), calls the worker's RPC methods.
 * Everything is contract-validated on the way in and out.
 */
export class TestBroker {
  readonly dispatches: CapturedDispatch[] = [];
  /** Every `message.deleted.v1` the worker published (the in-app runner's side). */
  readonly deletedMessages: Envelope<MessageDeletedData>[] = [];
  private constructor(
    readonly client: Messaging,
    private readonly url: string,
  ) {}

  static async connect(url: string, prefix: string): Promise<TestBroker> {
    const client = new Messaging({ url, serviceName: 'worker-test-client', namePrefix: prefix });
    const broker = new TestBroker(client, url);
    client.consume({
      service: 'test-runners',
      purpose: 'dispatches',
      mode: 'replica',
      routingKeys: ['job.dispatch.#'],
      prefetch: 500,
      handler: async (envelope, context) => {
        const parsed = parseMessage(envelope);
        if (!parsed.ok) throw new Error(`invalid dispatch: ${parsed.issues.join('; ')}`);
        if (!parsed.message.type.startsWith('job.dispatch.')) throw new Error(`not a dispatch: ${parsed.message.type}`);
        broker.dispatches.push({ routingKey: context.routingKey, data: parsed.message.data as JobDispatchData });
      },
    });
    client.consume<MessageDeletedData>({
      service: 'test-runners',
      purpose: 'message-deletions',
      mode: 'replica',
      routingKeys: [MESSAGE_DELETED_V1],
      handler: async (envelope) => void broker.deletedMessages.push(envelope),
    });
    await expectEventually(() => expect(client.isReady()).toBe(true), { timeoutMs: 15_000 });
    return broker;
  }

  /** Publishes a validated `trigger.requested.v1` with confirm; resolves to the envelope id. */
  async trigger(data: TriggerRequestedData): Promise<string> {
    const message = createContractMessage(TRIGGER_REQUESTED_V1, data);
    await this.client.publisher.publish(message);
    return message.id;
  }

  /** Plays a runner's `job.status-changed.v1` for a dispatched job (validated by the contract). */
  async jobStatus(dispatch: JobDispatchData, input: JobStatusInput): Promise<string> {
    const message = createContractMessage(JOB_STATUS_CHANGED_V1, buildJobStatus(dispatch, input));
    await this.client.publisher.publish(message);
    return message.id;
  }

  /** Calls `trigger.cancel.v1` as the gateway would. */
  cancel(environmentId: string, transactionId: string): Promise<CancelResult> {
    return this.client.rpc.call<CancelResult>(
      'trigger-worker',
      createEnvelope(TRIGGER_CANCEL_V1, environmentId, { environmentId, transactionId }),
      { timeoutMs: 10_000 },
    );
  }

  /** Calls any worker RPC method as the gateway would (`data.environmentId` names the environment). */
  rpc<R>(method: string, data: { environmentId: string } & Record<string, unknown>): Promise<R> {
    return this.client.rpc.call<R>('trigger-worker', createEnvelope(method, data.environmentId, data), {
      timeoutMs: 10_000,
    });
  }

  /** The dispatches of one job, in arrival order. */
  dispatchesOf(jobId: string): JobDispatchData[] {
    return this.dispatches.filter((dispatch) => dispatch.data.jobId === jobId).map((dispatch) => dispatch.data);
  }

  /** Waits for a dispatch matching `match` and returns it. */
  async waitForDispatch(match: (data: JobDispatchData) => boolean, timeoutMs = 15_000): Promise<JobDispatchData> {
    return expectEventually(
      () => {
        const found = this.dispatches.find((dispatch) => match(dispatch.data));
        expect(found).toBeDefined();
        return found!.data;
      },
      { timeoutMs },
    );
  }

  /** Ready messages in a queue. */
  async depth(queue: string): Promise<number> {
    const connection = await amqp.connect(this.url);
    try {
      const channel = await connection.createChannel();
      return (await channel.checkQueue(queue)).messageCount;
    } finally {
      await connection.close().catch(() => undefined);
    }
  }

  /** Stops the client and deletes the suite's queues and exchange. */
  async close(): Promise<void> {
    const names = this.client.names;
    await this.client.stop();
    const queues = ['trigger-requested', 'job-status'].flatMap((purpose) => {
      const queue = names.workQueue('trigger-worker', purpose);
      const tiers = DEFAULT_RETRY_DELAYS_MS.map((delay) => retryQueueName(queue, delay));
      return [queue, deadLetterQueueName(queue), suspectQueueName(queue), ...tiers];
    });
    const connection = await amqp.connect(this.url);
    const channel = await connection.createChannel();
    channel.on('error', () => undefined);
    for (const queue of [...queues, names.rpcQueue('trigger-worker')])
      await channel.deleteQueue(queue).catch(() => undefined);
    await channel.deleteExchange(names.exchange).catch(() => undefined);
    await connection.close().catch(() => undefined);
  }
}
