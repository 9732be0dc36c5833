import { GatewayException } from '../../../core/errors/gateway.exception';
import { compilePayloadSchema, type PayloadValidator } from './payload-schema.compiler';
import { inspectPayloadSchema, type PayloadSchemaProblem } from './payload-schema.inspector';
import { findUnsafePattern } from './regex-safety';

/**
 * A payload schema ready to run, or why it cannot be used. `final: false` means the ReDoS check ran
 * out of time: the same schema may pass when the checker is less busy, so it is not remembered.
 */
export type PayloadSchemaVerdict =
  { usable: true; validate: PayloadValidator } | { usable: false; problem: PayloadSchemaProblem; final: boolean };

/**
 * Everything Herald checks before a payload schema may run: the structural limits, every regular
 * expression free of catastrophic backtracking (analysed, never executed), then ajv's compilation.
 * Used at save (`/v2/workflows`) and, once per workflow version, at trigger.
 */
export async function checkPayloadSchema(schema: unknown): Promise<PayloadSchemaVerdict> {
  const inspection = inspectPayloadSchema(schema);
  if ('problem' in inspection) return { usable: false, problem: inspection.problem, final: true };
  const unsafe = await findUnsafePattern(inspection.patterns);
  if (unsafe) return { usable: false, problem: { path: unsafe.path, reason: unsafe.reason }, final: unsafe.final };
  try {
    return { usable: true, validate: compilePayloadSchema(schema as Record<string, unknown>) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      usable: false,
      problem: { path: '', reason: `is not a valid JSON Schema: ${message.slice(0, 300)}` },
      final: true,
    };
  }
}

/** The 422 field of a problem: `payloadSchema.properties.name.pattern`. */
export function payloadSchemaField(prefix: string, problem: PayloadSchemaProblem): string {
  return `${prefix}${problem.path}`;
}

/**
 * The save-time check of `/v2/workflows` (POST, PUT, PATCH): a schema that cannot be used is a 422
 * naming where in `payloadSchema` and why.
 */
export async function assertPayloadSchemaUsable(schema: unknown): Promise<void> {
  if (schema === undefined || schema === null) return;
  const verdict = await checkPayloadSchema(schema);
  if (verdict.usable) return;
  const field = payloadSchemaField('payloadSchema', verdict.problem);
  throw GatewayException.requestValidation({ [field]: { messages: [verdict.problem.reason] } });
}
