import { randomUUID } from 'node:crypto';

import {
  createContractMessage,
  type DeliveryChannel,
  JOB_STATUS_CHANGED_V1,
  JobStatus,
  MESSAGE_DELETED_V1,
} from '@herald/contracts';
import { TestBroker } from '@herald/testing';

/**
 * Plays the runners on the suite's broker: takes every dispatch and message deletion (so the
 * worker's outbox finds a route for them) and reports a queued job as delivered.
 */
export class RunnerPlayer {
  private constructor(private readonly broker: TestBroker) {}

  static async connect(brokerPrefix: string): Promise<RunnerPlayer> {
    const broker = await TestBroker.connect(brokerPrefix);
    await broker.record(['job.dispatch.#', MESSAGE_DELETED_V1]);
    return new RunnerPlayer(broker);
  }

  /** Reports delivery of job `jobId` to `recipient` with provider `providerId`. */
  async deliver(job: {
    jobId: string;
    environmentId: string;
    transactionId: string;
    channel: DeliveryChannel;
    recipient: string;
    providerId: string;
  }): Promise<void> {
    const base = {
      jobId: job.jobId,
      environmentId: job.environmentId,
      transactionId: job.transactionId,
      attempt: 1,
      providerId: job.providerId,
    };
    await this.broker.publish(
      createContractMessage(JOB_STATUS_CHANGED_V1, {
        ...base,
        status: JobStatus.RUNNING,
        occurredAt: new Date().toISOString(),
        detail: 'Delivering',
      }),
    );
    await this.broker.publish(
      createContractMessage(JOB_STATUS_CHANGED_V1, {
        ...base,
        status: JobStatus.COMPLETED,
        occurredAt: new Date().toISOString(),
        detail: 'Delivered',
        delivery: { channel: job.channel, recipient: job.recipient, messageId: randomUUID() },
      }),
    );
  }

  /** Disconnects (the suite's broker objects are deleted with the world). */
  close(): Promise<void> {
    return this.broker.close();
  }
}
