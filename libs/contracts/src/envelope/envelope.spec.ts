import { createEnvelope, envelopeSchema } from './envelope';

describe('envelope', () => {
  it('creates a valid envelope with a fresh id and the current time', () => {
    const envelope = createEnvelope('trigger.requested.v1', 'env-1', { a: 1 });
    expect(envelopeSchema.parse(envelope)).toEqual(envelope);
    expect(createEnvelope('trigger.requested.v1', 'env-1', {}).id).not.toBe(envelope.id);
    expect(Date.parse(envelope.occurredAt)).not.toBeNaN();
    expect(envelope).not.toHaveProperty('trace');
  });

  it('keeps a given id, time and trace context', () => {
    const trace = { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' };
    const envelope = createEnvelope('job.status-changed.v1', 'env-1', null, {
      id: '6f1c1f0e-8a3b-4a53-9f5e-2d7a5c1b9e10',
      occurredAt: new Date('2026-01-02T03:04:05.000Z'),
      trace,
    });
    expect(envelope).toMatchObject({
      id: '6f1c1f0e-8a3b-4a53-9f5e-2d7a5c1b9e10',
      occurredAt: '2026-01-02T03:04:05.000Z',
      trace,
    });
  });

  it.each([
    ['a type without a version', { type: 'trigger.requested' }],
    ['an upper-case type', { type: 'Trigger.Requested.v1' }],
    ['a non-uuid id', { id: 'not-a-uuid' }],
    ['an empty environment', { environmentId: '' }],
    ['a date without offset', { occurredAt: '2026-01-02T03:04:05' }],
  ])('rejects %s', (_label, patch) => {
    const envelope = { ...createEnvelope('trigger.requested.v1', 'env-1', {}), ...patch };
    expect(envelopeSchema.safeParse(envelope).success).toBe(false);
  });
});
