import { Global, Module } from '@nestjs/common';

import { TriggerWorkerClient } from './trigger-worker.client';

/** {@link TriggerWorkerClient} for every route served by trigger-worker (global: one per process). */
@Global()
@Module({ providers: [TriggerWorkerClient], exports: [TriggerWorkerClient] })
export class WorkerRpcModule {}
