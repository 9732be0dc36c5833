import type { TriggerCancelRequest } from '@herald/contracts';
import { TransactionRunner } from '@herald/persistence';
import { Injectable } from '@nestjs/common';

import { retryOnDeadlock } from '../../platform/sql/retry-on-deadlock';
import { type CancelResult, CancelTransactionUseCase } from './cancel-transaction.usecase';

// The method, its request and reply schemas are the contract in @herald/contracts.
export { TRIGGER_CANCEL_V1, triggerCancelRequestSchema, type TriggerCancelRequest } from '@herald/contracts';

/** Answers `trigger.cancel.v1` (`TRIGGER_CANCEL_V1`) in one transaction. */
@Injectable()
export class CancelRpc {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly useCase: CancelTransactionUseCase,
  ) {}

  handle(request: TriggerCancelRequest): Promise<CancelResult> {
    return retryOnDeadlock(() =>
      this.transactions.run((tx) => this.useCase.execute(tx, request.environmentId, request.transactionId)),
    );
  }
}
