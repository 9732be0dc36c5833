import { HeraldHeader } from '../consumer/herald-headers';
import { summarizeDeadLetter } from './dead-letter-summary';

describe('summarizeDeadLetter', () => {
  it('shows the Herald reason, time, attempts and origin', () => {
    const summary = summarizeDeadLetter({
      messageId: 'm1',
      type: 'job.dispatch.email.v1',
      headers: {
        [HeraldHeader.deathReason]: 'invalid-data: jobId: Required',
        [HeraldHeader.failedAt]: '2026-01-01T00:00:00.000Z',
        [HeraldHeader.attempt]: 0,
        [HeraldHeader.originalRoutingKey]: 'job.dispatch.email.v1',
      },
    });
    expect(summary).toEqual({
      messageId: 'm1',
      type: 'job.dispatch.email.v1',
      reason: 'invalid-data: jobId: Required',
      failedAt: '2026-01-01T00:00:00.000Z',
      attempts: 0,
      originalRoutingKey: 'job.dispatch.email.v1',
    });
  });

  it('falls back to what the broker recorded when it dead-lettered the message itself', () => {
    const summary = summarizeDeadLetter({
      messageId: undefined,
      type: undefined,
      headers: {
        'x-first-death-reason': 'delivery_limit',
        'x-death': [{ reason: 'delivery_limit', time: { '!': 'timestamp', value: 1767225600 } }],
      },
    });
    expect(summary).toEqual({
      messageId: undefined,
      type: undefined,
      reason: 'broker: delivery_limit',
      failedAt: '2026-01-01T00:00:00.000Z',
      attempts: 0,
      originalRoutingKey: undefined,
    });
  });

  it('copes with no headers at all', () => {
    expect(summarizeDeadLetter({ messageId: 'x', type: 't', headers: undefined }).reason).toBe('unknown');
  });
});
