import { randomUUID } from 'node:crypto';

import { testServiceUrls } from '@herald/testing';
import { createClient } from 'redis';

import type { RedisClient } from '../../src/adapters/redis/redis.provider';
import { RedisLuaScript } from '../../src/adapters/redis/redis-lua.script';
import { type BucketPolicy, type BucketState, takeTokens } from '../../src/pipeline/admission/rate-limit/token-bucket';
import { TAKE_TOKENS_LUA } from '../../src/pipeline/admission/rate-limit/token-bucket.lua';

const TAKE = new RedisLuaScript(`${TAKE_TOKENS_LUA}
local allowed, tokens = take_tokens(KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]))
return { allowed, tostring(tokens) }
`);

// A refill so slow that the test's own running time adds no visible token: the two twins can be
// compared step by step although Redis runs on its own clock.
const policy: BucketPolicy = { capacity: 10, refillPerSecond: 0.001 };

describe('the token bucket in Redis and its TypeScript twin', () => {
  let redis: RedisClient;

  beforeAll(async () => {
    redis = createClient({ url: testServiceUrls().redisUrl }) as RedisClient;
    await redis.connect();
  });
  afterAll(() => redis.quit());

  async function replay(costs: number[]): Promise<{ lua: [boolean, number][]; ts: [boolean, number][] }> {
    const key = `herald:test:bucket:${randomUUID()}`;
    const lua: [boolean, number][] = [];
    const ts: [boolean, number][] = [];
    let state: BucketState | undefined;
    for (const cost of costs) {
      const [allowed, tokens] = (await TAKE.run(redis, [key], [policy.capacity, policy.refillPerSecond, cost])) as [
        number,
        string,
      ];
      lua.push([allowed === 1, Math.round(Number(tokens))]);
      const taken = takeTokens(state, policy, cost, 0);
      state = taken.state;
      ts.push([taken.allowed, Math.round(taken.state.tokens)]);
    }
    await redis.del(key);
    return { lua, ts };
  }

  it('admits a cost above the capacity on a full bucket and keeps the debt', async () => {
    const { lua, ts } = await replay([25, 1, 10]);
    expect(lua).toEqual([
      [true, -15],
      [false, -15],
      [false, -15],
    ]);
    expect(lua).toEqual(ts);
  });

  it('refuses a cost above the capacity on a bucket that is not full, taking nothing', async () => {
    const { lua, ts } = await replay([1, 25, 9, 1]);
    expect(lua).toEqual([
      [true, 9],
      [false, 9],
      [true, 0],
      [false, 0],
    ]);
    expect(lua).toEqual(ts);
  });
});
