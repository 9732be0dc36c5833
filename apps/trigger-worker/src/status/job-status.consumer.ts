import { Inject, Injectable } from '@nestjs/common';
import { JOB_STATUS_CHANGED_V1, jobStatusChangedDataSchema, type JobStatusChangedData } from '@herald/contracts';
import { idempotentHandler, Messaging, type MessageConsumer } from '@herald/messaging';
import { DATA_SOURCE } from '@herald/persistence';
import type { DataSource } from 'typeorm';
import { WORKER_SETTINGS, type WorkerSettings } from '../config/worker-settings';
import { TRIGGER_SCHEMA } from '../persistence/worker-migrations';
import { ApplyJobStatusUseCase } from './apply-job-status.usecase';

/** The queue name's purpose segment: `trigger-worker.job-status`. */
export const JOB_STATUS_PURPOSE = 'job-status';

/** Consumes runners' `job.status-changed.v1` from `trigger-worker.job-status`, once per message id. */
@Injectable()
export class JobStatusConsumer {
  constructor(
    private readonly messaging: Messaging,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly useCase: ApplyJobStatusUseCase,
    @Inject(WORKER_SETTINGS) private readonly settings: WorkerSettings,
  ) {}

  start(): MessageConsumer<JobStatusChangedData> {
    return this.messaging.consume<JobStatusChangedData>({
      service: 'trigger-worker',
      purpose: JOB_STATUS_PURPOSE,
      routingKeys: [JOB_STATUS_CHANGED_V1],
      dataSchema: jobStatusChangedDataSchema,
      prefetch: this.settings.statusPrefetch,
      handler: idempotentHandler<JobStatusChangedData>(
        { dataSource: this.dataSource, schema: TRIGGER_SCHEMA, consumer: `trigger-worker.${JOB_STATUS_PURPOSE}` },
        async (envelope, manager) => {
          if (envelope.data.environmentId !== envelope.environmentId) throw new Error('data.environmentId does not match the envelope environmentId');
          await this.useCase.execute(manager, envelope.data);
        },
      ),
    });
  }
}
