import { Inject, Injectable } from '@nestjs/common';
import { idSchema, transactionIdSchema } from '@herald/contracts';
import { DATA_SOURCE } from '@herald/persistence';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { retryOnDeadlock } from '../persistence/retry-on-deadlock';
import { CancelTransactionUseCase, type CancelResult } from './cancel-transaction.usecase';

/**
 * RPC method (envelope `type`) served on `trigger-worker.rpc` for the gateway's
 * `DELETE /v1/events/trigger/:transactionId`. Reply data: `CancelResult`.
 */
export const TRIGGER_CANCEL_V1 = 'trigger.cancel.v1';

/** The request data of `trigger.cancel.v1`. */
export const triggerCancelRequestSchema = z.object({ environmentId: idSchema, transactionId: transactionIdSchema });
export type TriggerCancelRequest = z.infer<typeof triggerCancelRequestSchema>;

/** Answers `trigger.cancel.v1` in one transaction. */
@Injectable()
export class CancelRpc {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly useCase: CancelTransactionUseCase,
  ) {}

  handle(request: TriggerCancelRequest): Promise<CancelResult> {
    return retryOnDeadlock(() => this.dataSource.transaction((manager) => this.useCase.execute(manager, request.environmentId, request.transactionId)));
  }
}
