import { createHash } from 'node:crypto';
import { CommandDeadlines } from './command-deadlines';
import type { RedisClient } from './redis.provider';

/** How long a script may take before its caller gets an error (node-redis's own default). */
export const REDIS_SCRIPT_TIMEOUT_MS = 5_000;

const deadlines = new CommandDeadlines(REDIS_SCRIPT_TIMEOUT_MS);

/**
 * A Lua script run atomically in Redis: by SHA (EVALSHA) once Redis knows it, sending the
 * source only when Redis answers NOSCRIPT (first use, or after a restart or SCRIPT FLUSH). Fails
 * with `RedisCommandTimeoutError` after `REDIS_SCRIPT_TIMEOUT_MS` (the gateway's client has no
 * per-command timeout of its own).
 */
export class RedisLuaScript {
  private readonly sha: string;

  constructor(private readonly source: string) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  run(redis: RedisClient, keys: string[], args: (string | number)[]): Promise<unknown> {
    return deadlines.track(this.evaluate(redis, keys, args));
  }

  private async evaluate(redis: RedisClient, keys: string[], args: (string | number)[]): Promise<unknown> {
    const options = { keys, arguments: args.map(String) };
    try {
      return await redis.evalSha(this.sha, options);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return redis.eval(this.source, options);
    }
  }
}
