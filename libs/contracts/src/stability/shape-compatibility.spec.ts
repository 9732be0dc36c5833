import { z } from 'zod';

import { describeContractShape } from './contract-shape';
import { findBreakingChanges } from './shape-compatibility';

const recorded = z.object({
  jobId: z.string().uuid(),
  attempt: z.number().int(),
  status: z.enum(['running', 'completed']),
  error: z.object({ code: z.string(), retryable: z.boolean() }).optional(),
  tags: z.array(z.object({ name: z.string() })),
  payload: z.record(z.string(), z.unknown()),
  subject: z.string().nullable(),
});
type Fields = typeof recorded.shape;

/** The breaking changes of `recorded` → `recorded` with `fields` replaced (undefined removes one). */
function changesWith(
  fields: { [K in keyof Fields]?: z.ZodTypeAny | undefined } & Record<string, z.ZodTypeAny | undefined>,
): string[] {
  const shape: Record<string, z.ZodTypeAny> = { ...recorded.shape };
  for (const [name, field] of Object.entries(fields)) {
    if (field === undefined) delete shape[name];
    else shape[name] = field;
  }
  return findBreakingChanges(describeContractShape(recorded), describeContractShape(z.object(shape)));
}

describe('findBreakingChanges', () => {
  it('finds nothing for the same schema, refinements and bounds aside', () => {
    const refined = recorded.extend({ attempt: z.number().int().min(1) }).refine((data) => data.attempt < 100);
    expect(findBreakingChanges(describeContractShape(recorded), describeContractShape(refined))).toEqual([]);
  });

  it('allows a new optional field, at the top or nested', () => {
    expect(changesWith({ deliveredAt: z.string().optional() })).toEqual([]);
    expect(
      changesWith({
        error: z
          .object({ code: z.string(), retryable: z.boolean(), hint: z.string().nullable().optional() })
          .optional(),
      }),
    ).toEqual([]);
  });

  it('refuses a new required field', () => {
    expect(changesWith({ deliveredAt: z.string() })).toEqual([
      'data.deliveredAt: new field is required (a new field must be optional)',
    ]);
  });

  it('refuses a removed or renamed field', () => {
    expect(changesWith({ jobId: undefined, id: z.string().uuid().optional() })).toEqual([
      'data.jobId: removed (or renamed)',
    ]);
    expect(changesWith({ tags: z.array(z.object({ label: z.string() })) })).toEqual([
      'data.tags[].name: removed (or renamed)',
      'data.tags[].label: new field is required (a new field must be optional)',
    ]);
  });

  it('refuses a changed type, format or integer rule', () => {
    expect(changesWith({ attempt: z.string() })).toEqual(['data.attempt: type changed from number to string']);
    expect(changesWith({ jobId: z.string() })).toEqual(['data.jobId: string format changed from uuid to any']);
    expect(changesWith({ attempt: z.number() })).toEqual(['data.attempt: was an integer, is now any number']);
    expect(changesWith({ payload: z.record(z.string(), z.string()) })).toEqual([
      'data.payload{}: type changed from unknown to string',
    ]);
  });

  it('refuses optional turned required (and the reverse), and a change of nullability', () => {
    expect(changesWith({ error: z.object({ code: z.string(), retryable: z.boolean() }) })).toEqual([
      'data.error: was optional, is now required',
    ]);
    expect(changesWith({ jobId: z.string().uuid().optional() })).toEqual(['data.jobId: was required, is now optional']);
    expect(changesWith({ subject: z.string() })).toEqual(['data.subject: was nullable, is now not nullable']);
  });

  it('refuses enum values added or removed', () => {
    expect(changesWith({ status: z.enum(['running', 'completed', 'failed']) })).toEqual([
      'data.status: values added (consumers on the recorded version reject them): "failed"',
    ]);
    expect(changesWith({ status: z.enum(['completed']) })).toEqual(['data.status: values removed: "running"']);
  });

  it('records the keys of a record only when they are restricted, and refuses a change to them', () => {
    expect(describeContractShape(z.record(z.string(), z.boolean()))).toEqual({
      type: 'record',
      values: { type: 'boolean' },
    });
    expect(changesWith({ payload: z.record(z.enum(['email', 'sms']), z.unknown()) })).toEqual([
      'data.payload{key}: type changed from string to enum',
    ]);
    const channels = (values: [string, ...string[]]) => describeContractShape(z.record(z.enum(values), z.boolean()));
    expect(findBreakingChanges(channels(['email']), channels(['email', 'sms']), 'request', 'servers')).toEqual([
      'request{key}: values added (servers on the recorded version reject them): "sms"',
    ]);
  });

  it('describes every zod type the contracts use, and refuses others', () => {
    const shape = describeContractShape(
      z.object({
        kind: z.discriminatedUnion('type', [
          z.object({ type: z.literal('a') }),
          z.object({ type: z.literal('b'), at: z.string().datetime() }),
        ]),
      }),
    );
    expect(shape).toEqual({
      type: 'object',
      fields: {
        kind: {
          type: 'union',
          options: [
            { type: 'object', fields: { type: { type: 'literal', value: 'a' } } },
            {
              type: 'object',
              fields: { type: { type: 'literal', value: 'b' }, at: { type: 'string', format: 'datetime' } },
            },
          ],
        },
      },
    });
    expect(() => describeContractShape(z.bigint())).toThrow('ZodBigInt is not described yet');
  });
});
