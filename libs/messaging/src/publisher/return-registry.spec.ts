import { ReturnRegistry } from './return-registry';

describe('ReturnRegistry', () => {
  it('matches returns to the oldest unreturned publish of an id and forgets settled ones', () => {
    const registry = new ReturnRegistry<{ returnedBecause?: string; n: number }>();
    const first = { n: 1 } as { returnedBecause?: string; n: number };
    const second = { n: 2 } as { returnedBecause?: string; n: number };
    registry.add('a', first);
    registry.add('a', second);
    expect(registry.firstUnreturned('a')).toBe(first);
    first.returnedBecause = '312 NO_ROUTE';
    expect(registry.firstUnreturned('a')).toBe(second);
    registry.remove('a', first);
    registry.remove('a', second);
    expect(registry.size).toBe(0);
    expect(registry.firstUnreturned('a')).toBeUndefined();
  });
});
