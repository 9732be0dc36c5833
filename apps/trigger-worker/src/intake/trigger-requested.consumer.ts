import { TRIGGER_REQUESTED_V1, type TriggerRequestedData, triggerRequestedDataSchema } from '@herald/contracts';
import type { MessageConsumer } from '@herald/messaging';
import { Inject, Injectable } from '@nestjs/common';

import { WORKER_SETTINGS, type WorkerSettings } from '../platform/config/worker-settings';
import { OncePerMessageConsumers } from '../platform/once-per-message.consumers';
import { ProcessTriggerUseCase } from './process-trigger.usecase';
import { QuarantinedTriggerRecorder } from './quarantined-trigger.recorder';

/** The queue name's purpose segment: `trigger-worker.trigger-requested`. */
export const TRIGGER_REQUESTED_PURPOSE = 'trigger-requested';

/**
 * Consumes `trigger.requested.v1` from the durable quorum queue `trigger-worker.trigger-requested`;
 * a trigger that keeps crashing the worker is quarantined and shown as failed (decision 0030).
 */
@Injectable()
export class TriggerRequestedConsumer {
  constructor(
    private readonly consumers: OncePerMessageConsumers,
    private readonly useCase: ProcessTriggerUseCase,
    private readonly quarantined: QuarantinedTriggerRecorder,
    @Inject(WORKER_SETTINGS) private readonly settings: WorkerSettings,
  ) {}

  start(): MessageConsumer<TriggerRequestedData> {
    const queue = {
      purpose: TRIGGER_REQUESTED_PURPOSE,
      routingKey: TRIGGER_REQUESTED_V1,
      dataSchema: triggerRequestedDataSchema,
      prefetch: this.settings.triggerPrefetch,
      // Its dispatches go to the broker right after the commit, not through the relay (0048).
      publishAfterCommit: true,
    };
    return this.consumers.start(
      queue,
      (envelopes, tx) => this.useCase.executeMany(tx, envelopes),
      (quarantined) => this.quarantined.record(quarantined),
    );
  }
}
