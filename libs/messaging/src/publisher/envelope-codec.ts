import { Envelope, envelopeSchema, environmentMismatch } from '@herald/contracts';
import type { Options } from 'amqplib';
import type { ZodType, ZodTypeDef } from 'zod';

/** A zod schema for an envelope's `data` (input is whatever JSON decoded to). */
export type DataSchema<T> = ZodType<T, ZodTypeDef, unknown>;

/** A decoded and validated envelope, or why it is not one (and, for bad data, which fields: path → problems). */
export type DecodeResult<T> =
  { ok: true; envelope: Envelope<T> } | { ok: false; reason: string; fieldErrors?: Record<string, string[]> };

const MAX_ISSUES_IN_REASON = 5;

/** Serialises an envelope to the message body and the AMQP properties every Herald message has. */
export function encodeEnvelope(
  envelope: Envelope<unknown>,
  headers?: Record<string, unknown>,
): { content: Buffer; properties: Options.Publish } {
  return {
    content: Buffer.from(JSON.stringify(envelope)),
    properties: {
      contentType: 'application/json',
      messageId: envelope.id,
      type: envelope.type,
      timestamp: Math.floor(Date.parse(envelope.occurredAt) / 1000),
      persistent: true,
      headers: headers ?? {},
    },
  };
}

/**
 * Parses a message body as an envelope and checks it against the envelope schema and, when given,
 * the consumer's schema for `data` — and that data naming an environment names the envelope's
 * (`environmentMismatch`), so no consumer or RPC handler checks that itself. Never throws: a bad
 * message is a value to dead-letter (an RPC server answers it with `invalid_request`).
 */
export function decodeEnvelope<T>(content: Buffer, dataSchema?: DataSchema<T>): DecodeResult<T> {
  let json: unknown;
  try {
    json = JSON.parse(content.toString('utf8'));
  } catch {
    return { ok: false, reason: 'invalid-payload: body is not JSON' };
  }
  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success) return { ok: false, reason: `invalid-envelope: ${summarize(envelope.error.issues)}` };
  if (!dataSchema) return { ok: true, envelope: envelope.data as Envelope<T> };
  const data = dataSchema.safeParse(envelope.data.data);
  if (!data.success) {
    const { issues } = data.error;
    return { ok: false, reason: `invalid-data: ${summarize(issues)}`, fieldErrors: fieldErrors(issues) };
  }
  const mismatch = environmentMismatch(envelope.data.environmentId, data.data);
  if (mismatch) {
    const { field, message } = mismatch;
    return { ok: false, reason: `invalid-data: data.${field}: ${message}`, fieldErrors: { [field]: [message] } };
  }
  return { ok: true, envelope: { ...envelope.data, data: data.data } };
}

type Issues = ReadonlyArray<{ path: ReadonlyArray<string | number>; message: string }>;

function fieldErrors(issues: Issues): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const issue of issues.slice(0, MAX_ISSUES_IN_REASON)) {
    (fields[issue.path.join('.') || '(root)'] ??= []).push(issue.message);
  }
  return fields;
}

function summarize(issues: Issues): string {
  const shown = issues
    .slice(0, MAX_ISSUES_IN_REASON)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  const more = issues.length > MAX_ISSUES_IN_REASON ? ` (+${issues.length - MAX_ISSUES_IN_REASON} more)` : '';
  return shown.join('; ') + more;
}
