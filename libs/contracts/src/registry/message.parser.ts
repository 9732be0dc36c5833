import { type Envelope, envelopeSchema } from '../envelope/envelope';
import { type ContractData, contractRegistry, type ContractType, isContractType } from './contract.registry';
import { formatZodIssues } from './zod-issues.formatter';

/** A validated message of a known type: the envelope with typed `data`. */
export type ContractMessage<K extends ContractType> = Envelope<ContractData<K>> & { type: K };

/** Any validated known message; narrow on `type`. */
export type AnyContractMessage = { [K in ContractType]: ContractMessage<K> }[ContractType];

/** Either the typed message or readable issues to dead-letter it with. */
export type ParseMessageResult<M> =
  | { ok: true; message: M }
  | { ok: false; /** The envelope's type when it could be read. */ type?: string; issues: string[] };

/**
 * Validates an envelope and its `data` against the contract of its `type` (and, when given, that
 * the type is `expectedType`, the one a queue is bound for). Never throws; consumers dead-letter
 * a failure with `issues.join('; ')` as the reason. Unknown keys in `data` are dropped, so an
 * older consumer tolerates fields added by a newer producer.
 */
export function parseMessage<K extends ContractType>(
  envelope: unknown,
  expectedType: K,
): ParseMessageResult<ContractMessage<K>>;
export function parseMessage(envelope: unknown): ParseMessageResult<AnyContractMessage>;
export function parseMessage(envelope: unknown, expectedType?: ContractType): ParseMessageResult<AnyContractMessage> {
  const parsedEnvelope = envelopeSchema.safeParse(envelope);
  if (!parsedEnvelope.success) return { ok: false, issues: formatZodIssues(parsedEnvelope.error, '') };
  const { type } = parsedEnvelope.data;
  if (expectedType !== undefined && type !== expectedType) {
    return { ok: false, type, issues: [`type: expected "${expectedType}", got "${type}"`] };
  }
  if (!isContractType(type)) return { ok: false, type, issues: [`type: unknown message type "${type}"`] };

  const parsedData = contractRegistry[type].safeParse(parsedEnvelope.data.data);
  if (!parsedData.success) return { ok: false, type, issues: formatZodIssues(parsedData.error, 'data') };
  const mismatch = environmentMismatch(parsedEnvelope.data.environmentId, parsedData.data);
  if (mismatch) return { ok: false, type, issues: [`data.${mismatch.field}: ${mismatch.message}`] };
  return { ok: true, message: { ...parsedEnvelope.data, type, data: parsedData.data } as AnyContractMessage };
}

/**
 * The one rule between an envelope and its data: data that names an environment (its schema has
 * `environmentId`) must name the envelope's. A mismatch is a producer bug, never a valid message or
 * request, so every decoder refuses it — `parseMessage` here, and `decodeEnvelope` in
 * `@herald/messaging` for every consumer and RPC server. Returns the field at fault, or undefined.
 */
export function environmentMismatch(
  envelopeEnvironmentId: string,
  data: unknown,
): { field: 'environmentId'; message: string } | undefined {
  if (typeof data !== 'object' || data === null || !('environmentId' in data)) return undefined;
  if (data.environmentId === envelopeEnvironmentId) return undefined;
  return { field: 'environmentId', message: 'does not match the envelope environmentId' };
}
