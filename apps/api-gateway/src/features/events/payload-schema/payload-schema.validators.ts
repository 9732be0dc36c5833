import type { JsonRecord } from '@herald/contracts';
import { Injectable } from '@nestjs/common';

import { GatewayException } from '../../../core/errors/gateway.exception';
import { checkPayloadSchema, payloadSchemaField, type PayloadSchemaVerdict } from './payload-schema.check';
import type { SchemaIssue } from './payload-schema.compiler';

const VERSIONS_KEPT = 1_000;

/**
 * Payload schemas compiled once per workflow version (a version never changes) and kept for the
 * trigger route, least recently used dropped first (decision 0014: nothing is compiled per request).
 * Concurrent first triggers share one check. A schema saved before the limits is refused with a 422
 * saying why, without running its patterns.
 */
@Injectable()
export class PayloadSchemaValidators {
  private readonly verdicts = new Map<string, Promise<PayloadSchemaVerdict>>();

  /**
   * The payload's issues against the workflow version's schema (empty: valid); throws the 422 when
   * the schema itself cannot be used.
   */
  async validate(
    workflow: { id: string; version: number },
    schema: JsonRecord,
    payload: unknown,
    payloadBytes?: number,
  ): Promise<SchemaIssue[]> {
    const verdict = await this.verdictFor(`${workflow.id}@${workflow.version}`, schema);
    if (!verdict.usable) {
      const field = payloadSchemaField('workflow.payloadSchema', verdict.problem);
      throw GatewayException.requestValidation(
        { [field]: { messages: [verdict.problem.reason] } },
        `The workflow's payloadSchema cannot be used: ${verdict.problem.reason}`,
      );
    }
    return verdict.validate(payload, payloadBytes);
  }

  private verdictFor(key: string, schema: JsonRecord): Promise<PayloadSchemaVerdict> {
    const known = this.verdicts.get(key);
    if (known) {
      this.verdicts.delete(key);
      this.verdicts.set(key, known);
      return known;
    }
    const verdict = checkPayloadSchema(schema).then(
      (result) => {
        if (!result.usable && !result.final) this.verdicts.delete(key);
        return result;
      },
      (error: unknown) => {
        this.verdicts.delete(key);
        throw error;
      },
    );
    this.verdicts.set(key, verdict);
    if (this.verdicts.size > VERSIONS_KEPT) this.verdicts.delete(this.verdicts.keys().next().value as string);
    return verdict;
  }
}
