import { ExclusiveGate } from './exclusive-gate';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('ExclusiveGate', () => {
  it('runs shared work side by side', async () => {
    const gate = new ExclusiveGate();
    const first = deferred();
    const second = deferred();
    const running = [gate.runShared(() => first.promise), gate.runShared(() => second.promise)];
    await settle();
    expect(gate.sharedCount).toBe(2);
    first.resolve();
    second.resolve();
    await Promise.all(running);
    expect(gate.sharedCount).toBe(0);
  });

  it('starts an exclusive turn after the running shared work and holds new shared work until it is done', async () => {
    const gate = new ExclusiveGate();
    const order: string[] = [];
    const busy = deferred();
    const alone = deferred();
    const shared = gate.runShared(async () => {
      order.push('shared 1 start');
      await busy.promise;
      order.push('shared 1 end');
    });
    const exclusive = gate.runExclusive(async () => {
      order.push(`exclusive start (shared running: ${gate.sharedCount})`);
      await alone.promise;
      order.push('exclusive end');
    });
    const late = gate.runShared(async () => void order.push('shared 2'));
    await settle();
    expect(order).toEqual(['shared 1 start']);
    busy.resolve();
    await settle();
    expect(order).toEqual(['shared 1 start', 'shared 1 end', 'exclusive start (shared running: 0)']);
    alone.resolve();
    await Promise.all([shared, exclusive, late]);
    expect(order).toEqual([
      'shared 1 start',
      'shared 1 end',
      'exclusive start (shared running: 0)',
      'exclusive end',
      'shared 2',
    ]);
  });

  it('runs exclusive turns one at a time', async () => {
    const gate = new ExclusiveGate();
    let concurrent = 0;
    let most = 0;
    const turn = () =>
      gate.runExclusive(async () => {
        concurrent += 1;
        most = Math.max(most, concurrent);
        await settle();
        concurrent -= 1;
      });
    await Promise.all([turn(), turn(), turn()]);
    expect(most).toBe(1);
    expect(gate.exclusivePending).toBe(false);
  });

  it('releases the gate when the work throws', async () => {
    const gate = new ExclusiveGate();
    await expect(gate.runExclusive(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(gate.runShared(async () => 'ran')).resolves.toBe('ran');
    await expect(gate.runShared(() => Promise.reject(new Error('again')))).rejects.toThrow('again');
    await expect(gate.runExclusive(async () => 'alone')).resolves.toBe('alone');
  });
});
