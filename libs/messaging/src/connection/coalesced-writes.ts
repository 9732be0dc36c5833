import type { Writable } from 'node:stream';

import type { ChannelModel } from 'amqplib';

const COALESCING = Symbol('herald.messaging.coalescingWrites');

type CorkableStream = Writable & { [COALESCING]?: true };

/**
 * Makes what a stream is written in one turn of the event loop leave in one `writev`.
 *
 * amqplib's frame mux hands every queued frame to the socket with its own `write`, in a
 * `setImmediate` after the publish: uncorked, each publish (and each ack, each heartbeat) is a
 * syscall of its own. Corking around `channel.publish()` therefore does nothing — the frames are
 * not written yet when it returns. Here the first write of a turn corks the stream and a
 * `process.nextTick` uncorks it, i.e. once the mux's pass (or whichever callback wrote) has
 * returned: nothing waits for a timer or for another write, so no latency is added, and the
 * frames keep their order. While corked, `write` returns false past the stream's high-water
 * mark as it would for a slow socket; amqplib then waits for 'drain', which follows the flush.
 *
 * Returns false, leaving the stream as it is, when it cannot be corked. Installing twice is a
 * no-op.
 */
export function coalesceWritesPerTick(stream: unknown): boolean {
  if (!isCorkable(stream)) return false;
  if (stream[COALESCING]) return true;
  stream[COALESCING] = true;
  const write = stream.write;
  let corked = false;
  const flush = (): void => {
    corked = false;
    stream.uncork();
  };
  // An own property shadowing Writable.prototype.write: amqplib calls `stream.write(...)`.
  stream.write = function coalescedWrite(this: unknown, ...args: unknown[]): boolean {
    if (!corked) {
      corked = true;
      stream.cork();
      process.nextTick(flush);
    }
    return Reflect.apply(write, stream, args) as boolean;
  } as Writable['write'];
  return true;
}

/** The socket under an amqplib connection (not in amqplib's types), if it has one. */
export function amqpSocketOf(model: ChannelModel): unknown {
  return (model.connection as { stream?: unknown } | undefined)?.stream;
}

function isCorkable(stream: unknown): stream is CorkableStream {
  if (stream === null || typeof stream !== 'object') return false;
  const candidate = stream as Partial<Writable>;
  return (
    typeof candidate.write === 'function' &&
    typeof candidate.cork === 'function' &&
    typeof candidate.uncork === 'function'
  );
}
