import { Inject, Injectable } from '@nestjs/common';
import { TRIGGER_REQUESTED_V1, triggerRequestedDataSchema, type TriggerRequestedData } from '@herald/contracts';
import { idempotentHandler, Messaging, type MessageConsumer } from '@herald/messaging';
import { DATA_SOURCE } from '@herald/persistence';
import type { DataSource } from 'typeorm';
import { WORKER_SETTINGS, type WorkerSettings } from '../config/worker-settings';
import { TRIGGER_SCHEMA } from '../persistence/worker-migrations';
import { ProcessTriggerUseCase } from './process-trigger.usecase';

/** The queue name's purpose segment: `trigger-worker.trigger-requested`. */
export const TRIGGER_REQUESTED_PURPOSE = 'trigger-requested';

/**
 * Consumes `trigger.requested.v1` from the durable quorum queue `trigger-worker.trigger-requested`.
 * Each message is processed once (ledger row and effects commit together) and acked after commit.
 */
@Injectable()
export class TriggerRequestedConsumer {
  constructor(
    private readonly messaging: Messaging,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly useCase: ProcessTriggerUseCase,
    @Inject(WORKER_SETTINGS) private readonly settings: WorkerSettings,
  ) {}

  start(): MessageConsumer<TriggerRequestedData> {
    return this.messaging.consume<TriggerRequestedData>({
      service: 'trigger-worker',
      purpose: TRIGGER_REQUESTED_PURPOSE,
      routingKeys: [TRIGGER_REQUESTED_V1],
      dataSchema: triggerRequestedDataSchema,
      prefetch: this.settings.triggerPrefetch,
      handler: idempotentHandler<TriggerRequestedData>(
        { dataSource: this.dataSource, schema: TRIGGER_SCHEMA, consumer: `trigger-worker.${TRIGGER_REQUESTED_PURPOSE}` },
        async (envelope, manager) => void (await this.useCase.execute(manager, envelope)),
      ),
    });
  }
}
