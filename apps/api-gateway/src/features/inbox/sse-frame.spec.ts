import { parseLastEventId, sseComment, sseEvent, sseRetry } from './sse-frame';

describe('SSE framing', () => {
  it('frames an event with id, name and one data line per line', () => {
    expect(sseEvent({ id: '7', event: 'notification_received', data: '{"a":1}' })).toBe(
      'id: 7\nevent: notification_received\ndata: {"a":1}\n\n',
    );
    expect(sseEvent({ data: 'a\nb' })).toBe('data: a\ndata: b\n\n');
  });

  it('frames comments and the retry field on one line', () => {
    expect(sseComment('heart\nbeat')).toBe(': heart beat\n\n');
    expect(sseRetry(3000.7)).toBe('retry: 3000\n\n');
  });

  it('reads Last-Event-ID as a sequence number or nothing', () => {
    expect(parseLastEventId('42')).toBe(42);
    expect(parseLastEventId([' 3 '])).toBe(3);
    for (const value of [undefined, '', '-1', '1.5', 'abc', '1'.repeat(16)])
      expect(parseLastEventId(value)).toBeUndefined();
  });
});
