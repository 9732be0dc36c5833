import type { InboxMessage } from '@herald/contracts';

import { InboxStream } from './inbox-stream';

function message(seq: number): InboxMessage {
  return {
    id: `m-${seq}`,
    seq,
    subscriberId: 'ada',
    transactionId: `t-${seq}`,
    workflowIdentifier: 'wf',
    stepId: 'in-app',
    subject: null,
    body: `body ${seq}`,
    avatar: null,
    primaryAction: null,
    secondaryAction: null,
    redirect: null,
    data: {},
    seen: false,
    read: false,
    archived: false,
    createdAt: new Date(0).toISOString(),
  };
}

describe('InboxStream', () => {
  let frames: string[];
  let ended: boolean;
  const sink = { write: (frame: string) => frames.push(frame) > 0, end: () => void (ended = true), bufferedBytes: 0 };
  const options = {
    settleMs: 100,
    heartbeatMs: 60_000,
    maxBufferedBytes: 1_000,
    render: (m: InboxMessage) => m.body,
    onClose: () => undefined,
  };
  /** Sent events as `id:seq`. */
  const sent = () =>
    frames
      .filter((frame) => frame.startsWith('id: '))
      .map((frame) => `${/^id: (\d+)/.exec(frame)?.[1]}:${/data: body (\d+)/.exec(frame)?.[1]}`);

  beforeEach(() => {
    jest.useFakeTimers({ now: 1_000 });
    frames = [];
    ended = false;
  });

  afterEach(() => jest.useRealTimers());

  it('holds live messages for the settle time and sends them in seq order', () => {
    const stream = new InboxStream(sink, options, undefined);
    stream.resume([]);
    stream.offer(message(11), Date.now());
    jest.advanceTimersByTime(50);
    stream.offer(message(10), Date.now());
    jest.advanceTimersByTime(50);
    // 11 has settled; 10 (lower) goes with it, in order.
    expect(sent()).toEqual(['10:10', '11:11']);
    stream.close();
  });

  it('sends a message committed after a higher one under the current cursor, so a reconnect neither repeats nor skips it', () => {
    const stream = new InboxStream(sink, options, undefined);
    stream.resume([]);
    stream.offer(message(12), Date.now());
    jest.advanceTimersByTime(100);
    stream.offer(message(11), Date.now());
    jest.advanceTimersByTime(0);
    expect(sent()).toEqual(['12:12', '12:11']);
    stream.close();
  });

  it('sends the backlog first, drops duplicates and what the client already has', () => {
    const stream = new InboxStream(sink, options, 5);
    stream.offer(message(8), Date.now());
    stream.offer(message(4), Date.now());
    stream.resume([message(7), message(6), message(8)]);
    stream.offer(message(7), Date.now());
    jest.advanceTimersByTime(100);
    expect(sent()).toEqual(['6:6', '7:7', '8:8']);
    stream.close();
  });

  it('cuts off a client that does not read, and ends once', () => {
    const slow = { ...sink, bufferedBytes: 5_000 };
    const onClose = jest.fn();
    const stream = new InboxStream(slow, { ...options, onClose }, undefined);
    expect(stream.isClosed).toBe(true);
    expect(ended).toBe(true);
    stream.close();
    expect(onClose).toHaveBeenCalledTimes(1);
  });
});
