import {
  INTEGRATION_CHANGED_V1,
  type IntegrationChangedData,
  integrationChangedDataSchema,
  type JobDispatchData,
  jobDispatchDataSchemaFor,
  jobDispatchRoutingKey,
} from '@herald/contracts';
import { type MessageConsumer, Messaging, nestMessagingLogger, OutboxRelay } from '@herald/messaging';
import { DATA_SOURCE } from '@herald/persistence';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy, Optional } from '@nestjs/common';
import type { DataSource } from 'typeorm';

import { DeliveryLog } from '../delivery/delivery-log.repository';
import { IntegrationDirectory } from '../integrations/integration-directory';
import { OutboundHttpClient } from '../outbound/outbound-http.client';
import { RUNNER_CHANNELS, RUNNER_CONFIG, type RunnerConfig } from '../runner-config';
import { DeliverJobUseCase } from './deliver-job.usecase';
import type { RunnerDefinition } from './runner-definition';

/** The work queue a runner consumes: `runner-<channel>.dispatch`. */
export const DISPATCH_PURPOSE = 'dispatch';
/** The per-replica queue of integration changes: `runner-<channel>.integration-changes.<replica>`. */
export const INTEGRATION_CHANGES_PURPOSE = 'integration-changes';
/** Injection token of the {@link RunnerDefinition}. */
export const RUNNER_DEFINITION = Symbol('RUNNER_DEFINITION');

/**
 * Starts and stops the runner's moving parts in order. Up: the outbox relay (status events), the
 * outcomes a killed predecessor journaled but did not record (`OutcomeJournal`), then the dispatch consumer (which declares `runner-<channel>.dispatch`, bound to
 * `job.dispatch.<channel>.v1`, with its retry tiers and `.dead`) and the replica consumer of
 * `integration.changed.v1`. Down, before the broker connections and the pool close: stop taking
 * jobs and finish those in flight, then let the relay publish what they recorded.
 */
@Injectable()
export class RunnerLifecycle implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(RunnerLifecycle.name);
  private relay?: OutboxRelay;
  private consumers: MessageConsumer<unknown>[] = [];

  constructor(
    @Inject(Messaging) private readonly messaging: Messaging,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(RUNNER_CONFIG) private readonly config: RunnerConfig,
    @Inject(RUNNER_DEFINITION) private readonly definition: RunnerDefinition,
    @Inject(DeliverJobUseCase) private readonly deliverJob: DeliverJobUseCase,
    @Inject(DeliveryLog) private readonly deliveryLog: DeliveryLog,
    @Inject(OutboundHttpClient) private readonly http: OutboundHttpClient,
    /** None in a runner with a built-in integration (in-app): it fetches no integrations. */
    @Optional() @Inject(IntegrationDirectory) private readonly directory?: IntegrationDirectory,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { channel } = this.definition;
    const { app, schema } = RUNNER_CHANNELS[channel];
    this.relay = new OutboxRelay({
      dataSource: this.dataSource,
      schema,
      publisher: this.messaging.publisher,
      logger: nestMessagingLogger('OutboxRelay'),
    });
    this.relay.start();
    // Before any job is taken: a send a killed predecessor journaled but did not record becomes `delivered` first.
    await this.deliverJob.recordJournaledOutcomes();
    const dispatch = this.messaging.consume<JobDispatchData>({
      service: app,
      purpose: DISPATCH_PURPOSE,
      routingKeys: [jobDispatchRoutingKey(channel)],
      dataSchema: jobDispatchDataSchemaFor(channel),
      prefetch: this.config.AMQP_PREFETCH,
      retry: { delaysMs: this.config.RUNNER_RETRY_DELAYS_MS },
      handler: (envelope) => this.deliverJob.execute(envelope),
      // A dispatch that kept killing the runner (decision 0030): the job fails with the reason.
      onQuarantine: async ({ envelope, reason }) => {
        if (envelope) await this.deliveryLog.recordQuarantined(envelope.data, reason);
      },
    });
    this.consumers = [dispatch as MessageConsumer<unknown>];
    const directory = this.directory;
    if (directory) {
      const changes = this.messaging.consume<IntegrationChangedData>({
        service: app,
        purpose: INTEGRATION_CHANGES_PURPOSE,
        mode: 'replica',
        routingKeys: [INTEGRATION_CHANGED_V1],
        dataSchema: integrationChangedDataSchema,
        handler: async (envelope) => {
          if (envelope.data.channel === channel) directory.invalidate(envelope.data.environmentId);
        },
      });
      this.consumers.push(changes as MessageConsumer<unknown>);
    }
    this.logger.log({ msg: 'consuming', queues: this.consumers.map((consumer) => consumer.queue) });
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all(this.consumers.map((consumer) => consumer.stop()));
    await this.relay?.stop();
    this.deliverJob.closeJournal();
    this.http.close();
  }
}
