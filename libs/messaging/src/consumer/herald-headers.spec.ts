import {
  buildDeadLetterHeaders,
  buildReplayHeaders,
  buildRetryHeaders,
  HeraldHeader,
  originalRoutingKey,
  readAttempt,
} from './herald-headers';

const origin = { exchange: 'herald', routingKey: 'trigger.requested.v1' };
const now = new Date('2026-01-02T03:04:05.000Z');

describe('herald headers', () => {
  it('reads the attempt counter, treating absent or malformed values as 0', () => {
    expect(readAttempt(undefined)).toBe(0);
    expect(readAttempt({ [HeraldHeader.attempt]: 2 })).toBe(2);
    expect(readAttempt({ [HeraldHeader.attempt]: '3' })).toBe(3);
    expect(readAttempt({ [HeraldHeader.attempt]: 'x' })).toBe(0);
    expect(readAttempt({ [HeraldHeader.attempt]: -1 })).toBe(0);
  });

  it('counts attempts and keeps the first origin on retries, dropping broker death headers', () => {
    const first = buildRetryHeaders(
      { custom: 'kept', 'x-death': [{ count: 1 }], 'x-first-death-reason': 'expired' },
      origin,
      1,
      'Error: boom',
    );
    expect(first).toEqual({
      custom: 'kept',
      [HeraldHeader.attempt]: 1,
      [HeraldHeader.lastError]: 'Error: boom',
      [HeraldHeader.originalExchange]: 'herald',
      [HeraldHeader.originalRoutingKey]: 'trigger.requested.v1',
    });
    const second = buildRetryHeaders(first, { exchange: '', routingKey: 'svc.queue' }, 2, 'Error: again');
    expect(second[HeraldHeader.originalRoutingKey]).toBe('trigger.requested.v1');
    expect(second[HeraldHeader.attempt]).toBe(2);
    expect(originalRoutingKey(second, 'svc.queue')).toBe('trigger.requested.v1');
    expect(originalRoutingKey({}, 'svc.queue')).toBe('svc.queue');
  });

  it('records reason and time on dead letters, truncating long reasons', () => {
    const headers = buildDeadLetterHeaders({}, origin, 4, 'x'.repeat(5000), now);
    expect(headers[HeraldHeader.failedAt]).toBe('2026-01-02T03:04:05.000Z');
    expect(headers[HeraldHeader.attempt]).toBe(4);
    expect(String(headers[HeraldHeader.deathReason])).toHaveLength(1000);
  });

  it('resets the attempt counter and death marks on replay but keeps the origin', () => {
    const dead = buildDeadLetterHeaders({ 'x-death': [] }, origin, 3, 'handler failed', now);
    const replayed = buildReplayHeaders({ ...dead, [HeraldHeader.lastError]: 'e' }, now);
    expect(replayed).toEqual({
      [HeraldHeader.attempt]: 0,
      [HeraldHeader.replayedAt]: '2026-01-02T03:04:05.000Z',
      [HeraldHeader.originalExchange]: 'herald',
      [HeraldHeader.originalRoutingKey]: 'trigger.requested.v1',
    });
  });
});
