import type { TriggerKind } from '@herald/contracts';

import type { AuthenticatedEnvironment } from '../../pipeline/authentication/api-key.repository';

/** One trigger to process: a validated body plus who sent it and how. */
export interface TriggerCommand {
  environment: AuthenticatedEnvironment;
  kind: TriggerKind;
  /** The workflow identifier. */
  name: string;
  /** The client's `to` (checked, not yet mapped); absent for a broadcast. */
  to?: unknown;
  payload?: Record<string, unknown>;
  overrides?: Record<string, unknown>;
  transactionId?: string;
  actor?: unknown;
  tenant?: unknown;
  context?: Record<string, unknown>;
  idempotencyKey?: string;
  /** Position in a bulk request. */
  bulkIndex?: number;
}
