import { DeadLetterAdmin, TopologyNames } from '@herald/messaging';
import { Inject, Injectable, Logger, NotFoundException, ServiceUnavailableException } from '@nestjs/common';

import { GATEWAY_CONFIG, GatewayConfig } from '../../../core/config/gateway.config';
import { DEAD_LETTER_WORK_QUEUES, knownWorkQueue } from './dead-letter-queues';

/** One work queue and what its `.dead` queue holds (`count: null`: the queue is not declared yet). */
export interface DeadLetterQueueCount {
  queue: string;
  deadQueue: string;
  count: number | null;
}

/**
 * `herald dlq list|replay`, server side, for the operator console: each call opens a short-lived
 * broker connection as the operations user (`OPERATIONS_AMQP_URL`, else `AMQP_URL`) and closes it.
 * Only the queues of {@link DEAD_LETTER_WORK_QUEUES} can be named, so a request never reads an
 * arbitrary queue.
 */
@Injectable()
export class DeadLettersService {
  private readonly logger = new Logger(DeadLettersService.name);
  private readonly names: TopologyNames;
  private readonly url: string;

  constructor(@Inject(GATEWAY_CONFIG) config: GatewayConfig) {
    this.names = new TopologyNames({ namePrefix: config.BROKER_NAME_PREFIX });
    this.url = config.OPERATIONS_AMQP_URL || config.AMQP_URL;
  }

  async counts(): Promise<DeadLetterQueueCount[]> {
    return this.withAdmin(async (admin) => {
      const counts: DeadLetterQueueCount[] = [];
      for (const queue of DEAD_LETTER_WORK_QUEUES) {
        const listing = await admin.list(this.qualified(queue), { limit: 0 }).catch((error: Error) => {
          if (/does not exist/.test(error.message)) return undefined;
          throw error;
        });
        counts.push({ queue, deadQueue: `${queue}.dead`, count: listing ? listing.count : null });
      }
      return counts;
    });
  }

  async list(name: string, limit: number) {
    const queue = this.known(name);
    return this.withAdmin(async (admin) => {
      const listing = await admin.listWithBodies(this.qualified(queue), { limit });
      return { ...listing, queue, deadQueue: `${queue}.dead` };
    });
  }

  async replay(name: string, limit?: number): Promise<{ queue: string; replayed: number }> {
    const queue = this.known(name);
    const { replayed } = await this.withAdmin((admin) => admin.replay(this.qualified(queue), { limit }));
    this.logger.log({ msg: 'dead letters replayed from the operator console', queue, replayed });
    return { queue, replayed };
  }

  private known(name: string) {
    const queue = knownWorkQueue(name);
    if (!queue)
      throw new NotFoundException(`No dead-letter queue "${name}": use one of ${DEAD_LETTER_WORK_QUEUES.join(', ')}`);
    return queue;
  }

  private qualified(queue: string): string {
    const [service, purpose] = queue.split('.');
    return this.names.workQueue(service, purpose);
  }

  private async withAdmin<T>(work: (admin: DeadLetterAdmin) => Promise<T>): Promise<T> {
    let admin: DeadLetterAdmin;
    try {
      admin = await DeadLetterAdmin.connect(this.url, 'api-gateway:dead-letters');
    } catch (error) {
      this.logger.warn({ msg: 'cannot reach the broker for dead letters', error: (error as Error).message });
      throw new ServiceUnavailableException('The message broker cannot be reached; try again when RabbitMQ is up');
    }
    try {
      return await work(admin);
    } catch (error) {
      if ((error as { code?: unknown }).code === 403 || /ACCESS_REFUSED/.test((error as Error).message))
        throw new ServiceUnavailableException(
          'The broker refused the dead-letter queues to this user: set OPERATIONS_AMQP_URL to a user that may read ' +
            'the .dead queues and write to amq.default (herald_operations, decision 0031)',
        );
      throw error;
    } finally {
      await admin.close();
    }
  }
}
