import { CommandDeadlines, RedisCommandTimeoutError } from './command-deadlines';

describe('CommandDeadlines', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('passes on an answer or an error that comes in time', async () => {
    const deadlines = new CommandDeadlines(1_000);
    await expect(deadlines.track(Promise.resolve('OK'))).resolves.toBe('OK');
    await expect(deadlines.track(Promise.reject(new Error('NOSCRIPT')))).rejects.toThrow('NOSCRIPT');
  });

  it('fails a command that outlives its deadline, and ignores its late answer', async () => {
    const deadlines = new CommandDeadlines(1_000);
    let answer: (value: string) => void = () => undefined;
    const tracked = deadlines.track(new Promise<string>((resolve) => (answer = resolve)));
    const outcome = tracked.catch((error: unknown) => error);
    await jest.advanceTimersByTimeAsync(1_250);
    answer('late');
    expect(await outcome).toBeInstanceOf(RedisCommandTimeoutError);
  });

  it('keeps the timer only while commands are pending', async () => {
    const deadlines = new CommandDeadlines(400);
    await deadlines.track(Promise.resolve(1));
    await jest.advanceTimersByTimeAsync(200);
    expect(jest.getTimerCount()).toBe(0);
  });
});
