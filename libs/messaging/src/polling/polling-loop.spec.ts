import { PollingLoop, type PollingLoopOptions } from './polling-loop';

describe('PollingLoop', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  /** Lets the loop run whatever is due now (its promise chains and zero-length pauses). */
  const settle = () => jest.advanceTimersByTimeAsync(0);

  /** A loop whose passes succeed with 0 and pause 1 s, unless `options` says otherwise. */
  function loopOf(options: Partial<PollingLoopOptions<number>> = {}) {
    const calls = {
      pass: jest.fn(options.pass ?? (async () => 0)),
      pauseAfter: jest.fn(options.pauseAfter ?? (async () => 1_000)),
      failureDelayMs: jest.fn(options.failureDelayMs ?? ((failures: number) => failures * 100)),
      onFailure: jest.fn(options.onFailure ?? (() => undefined)),
    };
    return { loop: new PollingLoop<number>(calls), ...calls };
  }

  function deferred(): { promise: Promise<number>; resolve: (value: number) => void } {
    let resolve!: (value: number) => void;
    const promise = new Promise<number>((done) => (resolve = done));
    return { promise, resolve };
  }

  it('runs a pass at once, then one after each pause; a second start changes nothing', async () => {
    const { loop, pass } = loopOf();
    loop.start();
    loop.start();
    await settle();
    expect(pass).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(999);
    expect(pass).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(pass).toHaveBeenCalledTimes(2);
    await loop.stop();
  });

  it('hands each pass result to pauseAfter, and goes again at once on a pause of 0', async () => {
    const results = [200, 200, 3];
    const { loop, pass, pauseAfter } = loopOf({
      pass: async () => results.shift() ?? 0,
      pauseAfter: async (claimed) => (claimed === 200 ? 0 : 60_000),
    });
    loop.start();
    await settle();
    expect(pass).toHaveBeenCalledTimes(3);
    expect(pauseAfter.mock.calls).toEqual([[200], [200], [3]]);
    await loop.stop();
  });

  it('ends a pause early on wake', async () => {
    const { loop, pass } = loopOf({ pauseAfter: async () => 60_000 });
    loop.start();
    await settle();
    loop.wake();
    await settle();
    expect(pass).toHaveBeenCalledTimes(2);
    await loop.stop();
  });

  it('skips the next pause when woken while a pass runs (no notification is lost)', async () => {
    const first = deferred();
    const { loop, pass } = loopOf({
      pass: jest.fn().mockReturnValueOnce(first.promise).mockResolvedValue(0),
      pauseAfter: async () => 60_000,
    });
    loop.start();
    await settle();
    loop.wake();
    first.resolve(0);
    await settle();
    expect(pass).toHaveBeenCalledTimes(2);
    await loop.stop();
  });

  it('stops while idle without waiting out the pause', async () => {
    const { loop, pass } = loopOf({ pauseAfter: async () => 60_000 });
    loop.start();
    await settle();
    await loop.stop();
    await jest.advanceTimersByTimeAsync(120_000);
    expect(pass).toHaveBeenCalledTimes(1);
  });

  it('lets the pass in progress finish on stop, then runs no other', async () => {
    const first = deferred();
    const { loop, pass, pauseAfter } = loopOf({
      pass: jest.fn().mockReturnValueOnce(first.promise).mockResolvedValue(0),
    });
    loop.start();
    await settle();
    let stopped = false;
    const stopping = loop.stop().then(() => (stopped = true));
    await settle();
    expect(stopped).toBe(false);
    first.resolve(7);
    await stopping;
    expect(pauseAfter).toHaveBeenCalledWith(7);
    await jest.advanceTimersByTimeAsync(10_000);
    expect(pass).toHaveBeenCalledTimes(1);
  });

  it('reports a failed pass and carries on after a back-off that grows with each failure in a row', async () => {
    const errors = [new Error('one'), new Error('two'), undefined, new Error('three')];
    const { loop, pass, failureDelayMs, onFailure } = loopOf({
      pass: async () => {
        const error = errors.shift();
        if (error) throw error;
        return 0;
      },
    });
    loop.start();
    await settle();
    expect(onFailure).toHaveBeenCalledWith(new Error('one'));
    await jest.advanceTimersByTimeAsync(100);
    expect(onFailure).toHaveBeenLastCalledWith(new Error('two'));
    await jest.advanceTimersByTimeAsync(199);
    expect(pass).toHaveBeenCalledTimes(2);
    await jest.advanceTimersByTimeAsync(1);
    expect(pass).toHaveBeenCalledTimes(3);
    await jest.advanceTimersByTimeAsync(1_000);
    expect(onFailure).toHaveBeenLastCalledWith(new Error('three'));
    // The successful third pass reset the count.
    expect(failureDelayMs.mock.calls).toEqual([[1], [2], [1]]);
    await loop.stop();
  });

  it('counts a throw in pauseAfter as a failed pass, after the pass itself reset the count', async () => {
    const outcomes = ['fail', 'ok', 'ok'];
    const { loop, failureDelayMs, onFailure } = loopOf({
      pass: async () => {
        if (outcomes.shift() === 'fail') throw new Error('pass failed');
        return 0;
      },
      pauseAfter: async () => {
        throw new Error('could not tell when to poll');
      },
    });
    loop.start();
    await settle();
    await jest.advanceTimersByTimeAsync(100);
    await jest.advanceTimersByTimeAsync(100);
    expect(onFailure.mock.calls).toEqual([
      [new Error('pass failed')],
      [new Error('could not tell when to poll')],
      [new Error('could not tell when to poll')],
    ]);
    expect(failureDelayMs.mock.calls).toEqual([[1], [1], [1]]);
    await loop.stop();
  });

  it('starts again after a stop', async () => {
    const { loop, pass } = loopOf();
    loop.start();
    await settle();
    await loop.stop();
    loop.start();
    await settle();
    expect(pass).toHaveBeenCalledTimes(2);
    await loop.stop();
  });
});
