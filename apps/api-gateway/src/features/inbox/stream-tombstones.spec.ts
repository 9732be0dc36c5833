import { StreamTombstones } from './stream-tombstones';

describe('StreamTombstones', () => {
  it('remembers a deleted subscriber for the token lifetime, in its environment only', () => {
    const tombstones = new StreamTombstones(1_000);
    tombstones.recordSubscriber('env-1', 'ada', 5_000, 5_000);
    expect(tombstones.deletedAt('env-1', 'ada', 5_500)).toBe(5_000);
    expect(tombstones.deletedAt('env-2', 'ada', 5_500)).toBeUndefined();
    expect(tombstones.deletedAt('env-1', 'bob', 5_500)).toBeUndefined();
    expect(tombstones.deletedAt('env-1', 'ada', 6_000)).toBeUndefined(); // every token issued before has expired
  });

  it('covers every subscriber of a deleted environment, and answers the latest deletion', () => {
    const tombstones = new StreamTombstones(10_000);
    tombstones.recordSubscriber('env-1', 'ada', 1_000, 1_000);
    tombstones.recordEnvironment('env-1', 2_000, 2_000);
    expect(tombstones.deletedAt('env-1', 'ada', 3_000)).toBe(2_000);
    expect(tombstones.deletedAt('env-1', 'anyone', 3_000)).toBe(2_000);
  });

  it('forgets expired entries as new ones come, and the oldest past its bound', () => {
    const tombstones = new StreamTombstones(1_000, 2);
    tombstones.recordSubscriber('env', 'a', 0, 0);
    tombstones.recordSubscriber('env', 'b', 1_500, 1_500); // a has expired
    expect(tombstones.size).toBe(1);
    tombstones.recordSubscriber('env', 'c', 1_600, 1_600);
    tombstones.recordSubscriber('env', 'd', 1_700, 1_700); // over the bound: b goes
    expect(tombstones.size).toBe(2);
    expect(tombstones.deletedAt('env', 'b', 1_800)).toBeUndefined();
    expect(tombstones.deletedAt('env', 'd', 1_800)).toBe(1_700);
  });
});
