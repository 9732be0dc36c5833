import { JOB_STATUS_CHANGED_V1, type JobStatusChangedData, jobStatusChangedDataSchema } from '@herald/contracts';
import type { MessageConsumer } from '@herald/messaging';
import { Inject, Injectable } from '@nestjs/common';

import { WORKER_SETTINGS, type WorkerSettings } from '../platform/config/worker-settings';
import { OncePerMessageConsumers } from '../platform/once-per-message.consumers';
import { ApplyJobStatusUseCase } from './apply-job-status.usecase';

/** The queue name's purpose segment: `trigger-worker.job-status`. */
export const JOB_STATUS_PURPOSE = 'job-status';

/** Consumes runners' `job.status-changed.v1` from `trigger-worker.job-status`; a report seen before changes nothing (its job has moved on). */
@Injectable()
export class JobStatusConsumer {
  constructor(
    private readonly consumers: OncePerMessageConsumers,
    private readonly useCase: ApplyJobStatusUseCase,
    @Inject(WORKER_SETTINGS) private readonly settings: WorkerSettings,
  ) {}

  start(): MessageConsumer<JobStatusChangedData> {
    const queue = {
      purpose: JOB_STATUS_PURPOSE,
      routingKey: JOB_STATUS_CHANGED_V1,
      dataSchema: jobStatusChangedDataSchema,
      prefetch: this.settings.statusPrefetch,
    };
    return this.consumers.start(queue, (envelopes, tx) =>
      this.useCase.executeMany(
        tx,
        envelopes.map((envelope) => envelope.data),
      ),
    );
  }
}
