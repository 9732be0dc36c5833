import { WakeablePause } from './wakeable-pause';

describe('WakeablePause', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  const settled = async (promise: Promise<void>) => {
    let done = false;
    void promise.then(() => (done = true));
    await Promise.resolve();
    await Promise.resolve();
    return done;
  };

  it('sleeps for the given time when nobody wakes it', async () => {
    const pause = new WakeablePause();
    const sleeping = pause.sleep(1_000);
    expect(await settled(sleeping)).toBe(false);
    jest.advanceTimersByTime(999);
    expect(await settled(sleeping)).toBe(false);
    jest.advanceTimersByTime(1);
    expect(await settled(sleeping)).toBe(true);
  });

  it('ends a pause early on wake', async () => {
    const pause = new WakeablePause();
    const sleeping = pause.sleep(60_000);
    pause.wake();
    expect(await settled(sleeping)).toBe(true);
  });

  it('remembers a wake that arrived during the pass, until the next pass begins', async () => {
    const pause = new WakeablePause();
    pause.beginPass();
    pause.wake(); // work arrived while the pass was reading
    expect(await settled(pause.sleep(60_000))).toBe(true);
    expect(await settled(pause.sleep(60_000))).toBe(true);
    pause.beginPass();
    expect(await settled(pause.sleep(60_000))).toBe(false);
  });

  it('does not wait for a zero or negative pause', async () => {
    const pause = new WakeablePause();
    expect(await settled(pause.sleep(0))).toBe(true);
    expect(await settled(pause.sleep(-5))).toBe(true);
  });
});
