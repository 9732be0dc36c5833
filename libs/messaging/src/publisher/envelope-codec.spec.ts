import { createEnvelope } from '@herald/contracts';
import { z } from 'zod';

import { decodeEnvelope, encodeEnvelope } from './envelope-codec';

describe('envelope codec', () => {
  const envelope = createEnvelope(
    'job.dispatch.email.v1',
    'env_1',
    { jobId: 'j1', attempt: 1 },
    { occurredAt: new Date('2026-01-01T00:00:00Z') },
  );

  it('round-trips an envelope and sets id, type and persistence on the properties', () => {
    const { content, properties } = encodeEnvelope(envelope, { a: 1 });
    expect(properties).toMatchObject({
      messageId: envelope.id,
      type: 'job.dispatch.email.v1',
      persistent: true,
      contentType: 'application/json',
      timestamp: 1767225600,
      headers: { a: 1 },
    });
    expect(decodeEnvelope(content)).toEqual({ ok: true, envelope });
  });

  it('validates data against the consumer schema and returns the parsed value', () => {
    const schema = z.object({ jobId: z.string(), attempt: z.number().int() });
    const result = decodeEnvelope(encodeEnvelope(envelope).content, schema);
    expect(result).toEqual({ ok: true, envelope });
  });

  it('explains why a body is not a valid message', () => {
    expect(decodeEnvelope(Buffer.from('{nope'))).toEqual({ ok: false, reason: 'invalid-payload: body is not JSON' });
    const noId = decodeEnvelope(Buffer.from(JSON.stringify({ ...envelope, id: 'not-a-uuid' })));
    expect(noId).toEqual({ ok: false, reason: expect.stringMatching(/^invalid-envelope: id: Invalid uuid/) });
    const badData = decodeEnvelope(encodeEnvelope(envelope).content, z.object({ jobId: z.number() }));
    expect(badData).toEqual({
      ok: false,
      reason: expect.stringMatching(/^invalid-data: jobId: Expected number, received string/),
      fieldErrors: { jobId: ['Expected number, received string'] },
    });
  });

  it('refuses data that names another environment than its envelope, where the schema has one', () => {
    const schema = z.object({ environmentId: z.string(), jobId: z.string() });
    const foreign = createEnvelope('job.dispatch.email.v1', 'env_1', { environmentId: 'env_2', jobId: 'j1' });
    expect(decodeEnvelope(encodeEnvelope(foreign).content, schema)).toEqual({
      ok: false,
      reason: 'invalid-data: data.environmentId: does not match the envelope environmentId',
      fieldErrors: { environmentId: ['does not match the envelope environmentId'] },
    });
    const own = createEnvelope('job.dispatch.email.v1', 'env_1', { environmentId: 'env_1', jobId: 'j1' });
    expect(decodeEnvelope(encodeEnvelope(own).content, schema)).toEqual({ ok: true, envelope: own });
    // A schema without the field drops it: nothing to compare (attachment requests are scoped by the envelope alone).
    expect(decodeEnvelope(encodeEnvelope(foreign).content, z.object({ jobId: z.string() }))).toMatchObject({
      ok: true,
    });
  });
});
