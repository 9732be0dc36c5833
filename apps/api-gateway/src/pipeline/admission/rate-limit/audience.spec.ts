import { audienceCost, type AudienceDemand, audienceOf, needsCount, topicKeysOf } from './audience';

const limits = { maxCost: 1_000, unknownCost: 50 };
const topic = (topicKey: string) => ({ type: 'Topic', topicKey });
const sizes = (topics: Record<string, number>, everyone = 0) => ({ everyone, topics, capped: false });

describe('audienceOf', () => {
  it('counts each distinct subscriber recipient once and names no topic for an ordinary trigger', () => {
    const demand = audienceOf('recipients', {
      name: 'w',
      to: ['a', { subscriberId: 'b' }, 'a', { subscriberId: 'a' }],
    });
    expect(demand).toEqual({ everyone: false, subscribers: 2, topics: new Map() });
    expect(needsCount(demand)).toBe(false);
    expect(audienceOf('recipients', { name: 'w', to: 'a' }).subscribers).toBe(1);
  });

  it('collects topics, once per event, and skips blank topic keys', () => {
    const demand = audienceOf('recipients', { to: [topic('news'), topic('news'), topic(' '), 'a'] });
    expect(demand.topics).toEqual(new Map([['news', 1]]));
    expect(demand.subscribers).toBe(1);
    expect(needsCount(demand)).toBe(true);
  });

  it('sums a bulk per event', () => {
    const demand = audienceOf('bulk', {
      events: [{ to: [topic('news'), 'a'] }, { to: topic('news') }, { to: ['b', 'c'] }, 'not an event'],
    });
    expect(demand).toEqual({ everyone: false, subscribers: 3, topics: new Map([['news', 2]]) });
    expect(topicKeysOf(demand)).toEqual(['news']);
  });

  it('marks a broadcast as everyone, whatever its body', () => {
    expect(audienceOf('broadcast', { to: ['a'] })).toEqual({ everyone: true, subscribers: 0, topics: new Map() });
  });

  it('reads a malformed body defensively and only as far as the route allows', () => {
    expect(audienceOf('recipients', null).subscribers).toBe(0);
    expect(audienceOf('bulk', { events: 'x' }).subscribers).toBe(0);
    const huge = audienceOf('recipients', { to: Array.from({ length: 10_000 }, (_, i) => `s${i}`) });
    expect(huge.subscribers).toBe(100);
    const manyEvents = audienceOf('bulk', { events: Array.from({ length: 1_000 }, () => ({ to: 'a' })) });
    expect(manyEvents.subscribers).toBe(100);
  });
});

describe('audienceCost', () => {
  const demand = (value: Partial<AudienceDemand>): AudienceDemand => ({
    everyone: false,
    subscribers: 0,
    topics: new Map(),
    ...value,
  });

  it('charges subscribers 1 each, and at least 1', () => {
    expect(audienceCost(demand({ subscribers: 3 }), undefined, limits)).toBe(3);
    expect(audienceCost(demand({}), undefined, limits)).toBe(1);
  });

  it('charges each topic its size per time it is named', () => {
    const named = demand({
      subscribers: 1,
      topics: new Map([
        ['news', 2],
        ['ops', 1],
      ]),
    });
    expect(audienceCost(named, sizes({ news: 100, ops: 7 }), limits)).toBe(1 + 200 + 7);
    expect(audienceCost(named, sizes({}), limits)).toBe(1); // unknown or empty topics reach nobody
  });

  it('charges a broadcast the environment size', () => {
    expect(audienceCost(demand({ everyone: true }), sizes({}, 420), limits)).toBe(420);
  });

  it('charges at most maxCost, and maxCost when the count stopped there', () => {
    expect(audienceCost(demand({ everyone: true }), sizes({}, 5_000), limits)).toBe(1_000);
    expect(audienceCost(demand({ everyone: true }), { everyone: 1_000, topics: {}, capped: true }, limits)).toBe(1_000);
  });

  it('charges the unknown part unknownCost when trigger-worker did not answer', () => {
    expect(audienceCost(demand({ everyone: true }), undefined, limits)).toBe(50);
    expect(audienceCost(demand({ subscribers: 2, topics: new Map([['news', 1]]) }), undefined, limits)).toBe(52);
  });
});
