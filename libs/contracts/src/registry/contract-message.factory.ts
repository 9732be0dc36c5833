import { createEnvelope, type TraceContext } from '../envelope/envelope';
import { type ContractData, contractRegistry, type ContractType } from './contract.registry';
import type { ContractMessage } from './message.parser';
import { formatZodIssues } from './zod-issues.formatter';

/** Thrown by `createContractMessage` when a producer is about to publish an invalid message. */
export class ContractViolationError extends Error {
  constructor(
    readonly type: string,
    readonly issues: readonly string[],
  ) {
    super(`invalid ${type} message: ${issues.join('; ')}`);
    this.name = 'ContractViolationError';
  }
}

/**
 * Validates `data` against the contract of `type` and wraps it in an envelope for the
 * environment `data` belongs to. Producers use it so that an invalid message fails at the
 * publisher (a clear error to the caller) instead of being dead-lettered downstream.
 */
export function createContractMessage<K extends ContractType>(
  type: K,
  data: ContractData<K>,
  options: { id?: string; occurredAt?: Date; trace?: TraceContext } = {},
): ContractMessage<K> {
  const parsed = contractRegistry[type].safeParse(data);
  if (!parsed.success) throw new ContractViolationError(type, formatZodIssues(parsed.error, 'data'));
  const valid = parsed.data as ContractData<K>;
  return { ...createEnvelope(type, valid.environmentId, valid, options), type };
}
