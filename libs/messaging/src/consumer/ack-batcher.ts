import type { Message } from 'amqplib';

/** The part of an amqplib channel that settles deliveries. */
export interface AckTarget {
  ack(message: Message, allUpTo?: boolean): void;
  nack(message: Message, allUpTo?: boolean, requeue?: boolean): void;
}

/** A delivery as the batcher needs it. */
export type Delivery = Pick<Message, 'fields'>;

const COMPACT_AFTER = 1_024;

/**
 * Coalesces acks of one channel: deliveries finished by the end of the tick are acked with one
 * `multiple` ack up to the longest finished prefix, and finished deliveries behind a slower one
 * individually (so a slow handler never holds back the prefetch window). Nacks go out at once.
 */
export class AckBatcher {
  private outstanding: number[] = [];
  private head = 0;
  private readonly toAck = new Set<number>();
  private readonly settled = new Set<number>();
  private scheduled = false;

  constructor(
    private readonly channel: AckTarget,
    private readonly schedule: (flush: () => void) => void = (flush) => void setImmediate(flush),
  ) {}

  /** Records a delivery (in delivery order) so a later multiple-ack knows where it may reach. */
  track(delivery: Delivery): void {
    this.outstanding.push(delivery.fields.deliveryTag);
  }

  /** Acks a delivery at the next flush. */
  ack(delivery: Delivery): void {
    this.toAck.add(delivery.fields.deliveryTag);
    if (!this.scheduled) {
      this.scheduled = true;
      this.schedule(() => this.flush());
    }
  }

  /** Nacks (or requeues) a delivery right away. Throws if the channel is closed. */
  nack(delivery: Delivery, requeue: boolean): void {
    this.settled.add(delivery.fields.deliveryTag);
    this.channel.nack(delivery as Message, false, requeue);
  }

  /** Sends the acks collected so far. Throws if the channel is closed. */
  flush(): void {
    this.scheduled = false;
    if (this.toAck.size === 0) return;
    let upTo = -1;
    while (this.head < this.outstanding.length) {
      const tag = this.outstanding[this.head];
      if (this.toAck.delete(tag)) upTo = tag;
      else if (!this.settled.delete(tag)) break;
      this.head += 1;
    }
    if (upTo >= 0) this.channel.ack(tagged(upTo), true);
    for (const tag of this.toAck) {
      this.channel.ack(tagged(tag), false);
      this.settled.add(tag);
    }
    this.toAck.clear();
    if (this.head > COMPACT_AFTER && this.head * 2 > this.outstanding.length) {
      this.outstanding = this.outstanding.slice(this.head);
      this.head = 0;
    }
  }
}

function tagged(deliveryTag: number): Message {
  return { fields: { deliveryTag } } as Message;
}
