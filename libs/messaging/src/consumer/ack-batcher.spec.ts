import type { Message } from 'amqplib';

import { AckBatcher, AckTarget } from './ack-batcher';

function recorder(): AckTarget & { sent: string[] } {
  const sent: string[] = [];
  return {
    sent,
    ack: (message: Message, allUpTo?: boolean) =>
      void sent.push(`ack ${message.fields.deliveryTag}${allUpTo ? ' multiple' : ''}`),
    nack: (message: Message, _allUpTo?: boolean, requeue?: boolean) =>
      void sent.push(`nack ${message.fields.deliveryTag}${requeue ? ' requeue' : ''}`),
  };
}
const delivery = (deliveryTag: number) => ({ fields: { deliveryTag } }) as Message;

describe('AckBatcher', () => {
  let flushes: Array<() => void>;
  const manual = (flush: () => void) => void flushes.push(flush);
  beforeEach(() => (flushes = []));

  it('acks a finished prefix with one multiple ack at the next flush', () => {
    const channel = recorder();
    const batcher = new AckBatcher(channel, manual);
    [1, 2, 3].forEach((tag) => batcher.track(delivery(tag)));
    batcher.ack(delivery(2));
    batcher.ack(delivery(1));
    batcher.ack(delivery(3));
    expect(channel.sent).toEqual([]);
    expect(flushes).toHaveLength(1);
    flushes[0]();
    expect(channel.sent).toEqual(['ack 3 multiple']);
  });

  it('acks deliveries behind a slow one individually, and never multiple-acks past it', () => {
    const channel = recorder();
    const batcher = new AckBatcher(channel, manual);
    [1, 2, 3, 4].forEach((tag) => batcher.track(delivery(tag)));
    batcher.ack(delivery(1));
    batcher.ack(delivery(3));
    batcher.ack(delivery(4));
    batcher.flush();
    expect(channel.sent).toEqual(['ack 1 multiple', 'ack 3', 'ack 4']);
    batcher.ack(delivery(2));
    batcher.flush();
    expect(channel.sent.slice(3)).toEqual(['ack 2 multiple']);
  });

  it('sends nacks at once and steps over them when acking later', () => {
    const channel = recorder();
    const batcher = new AckBatcher(channel, manual);
    [5, 6, 7].forEach((tag) => batcher.track(delivery(tag)));
    batcher.nack(delivery(5), true);
    expect(channel.sent).toEqual(['nack 5 requeue']);
    batcher.ack(delivery(6));
    batcher.ack(delivery(7));
    batcher.flush();
    expect(channel.sent).toEqual(['nack 5 requeue', 'ack 7 multiple']);
  });

  it('keeps working across many deliveries (compaction)', () => {
    const channel = recorder();
    const batcher = new AckBatcher(channel, manual);
    for (let tag = 1; tag <= 5000; tag++) {
      batcher.track(delivery(tag));
      batcher.ack(delivery(tag));
      if (tag % 100 === 0) batcher.flush();
    }
    expect(channel.sent).toHaveLength(50);
    expect(channel.sent[49]).toBe('ack 5000 multiple');
  });
});
