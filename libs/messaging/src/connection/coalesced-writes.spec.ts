import { Writable } from 'node:stream';

import { coalesceWritesPerTick } from './coalesced-writes';

/** A writable that records how its chunks reached the underlying sink: one by one or batched. */
function recordingStream(options: { highWaterMark?: number } = {}): Writable & { calls: string[][] } {
  const calls: string[][] = [];
  const stream = new Writable({
    highWaterMark: options.highWaterMark,
    write(chunk: Buffer, _encoding, callback) {
      calls.push([chunk.toString()]);
      callback();
    },
    writev(chunks, callback) {
      calls.push(chunks.map(({ chunk }) => (chunk as Buffer).toString()));
      callback();
    },
  });
  return Object.assign(stream, { calls });
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('coalesceWritesPerTick', () => {
  it('sends what one turn writes in one writev, in order', async () => {
    const stream = recordingStream();
    expect(coalesceWritesPerTick(stream)).toBe(true);
    for (const frame of ['a', 'b', 'c']) stream.write(frame);
    expect(stream.calls).toEqual([]);
    await nextTurn();
    expect(stream.calls).toEqual([['a', 'b', 'c']]);
  });

  it('flushes at the end of each turn, not later', async () => {
    const stream = recordingStream();
    coalesceWritesPerTick(stream);
    stream.write('a');
    await nextTurn();
    stream.write('b');
    stream.write('c');
    await nextTurn();
    expect(stream.calls).toEqual([['a'], ['b', 'c']]);
  });

  it('keeps write callbacks, and backpressure past the high-water mark', async () => {
    const stream = recordingStream({ highWaterMark: 4 });
    coalesceWritesPerTick(stream);
    const written: string[] = [];
    expect(stream.write('ab', () => written.push('ab'))).toBe(true);
    expect(stream.write('cd', () => written.push('cd'))).toBe(false);
    const drained = new Promise((resolve) => stream.once('drain', resolve));
    await drained;
    expect(written).toEqual(['ab', 'cd']);
    expect(stream.calls).toEqual([['ab', 'cd']]);
  });

  it('installs once and leaves what cannot be corked alone', async () => {
    const stream = recordingStream();
    expect(coalesceWritesPerTick(stream)).toBe(true);
    expect(coalesceWritesPerTick(stream)).toBe(true);
    stream.write('a');
    stream.write('b');
    await nextTurn();
    expect(stream.calls).toEqual([['a', 'b']]);
    expect(stream.writableCorked).toBe(0);
    expect(coalesceWritesPerTick({ write: () => true })).toBe(false);
    expect(coalesceWritesPerTick(undefined)).toBe(false);
  });
});
