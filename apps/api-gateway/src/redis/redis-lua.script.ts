import { createHash } from 'node:crypto';
import type { RedisClient } from './redis.provider';

/**
 * A Lua script run atomically in Redis: by SHA (EVALSHA) once Redis knows it, sending the
 * source only when Redis answers NOSCRIPT (first use, or after a restart or SCRIPT FLUSH).
 */
export class RedisLuaScript {
  private readonly sha: string;

  constructor(private readonly source: string) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  async run(redis: RedisClient, keys: string[], args: (string | number)[]): Promise<unknown> {
    const options = { keys, arguments: args.map(String) };
    try {
      return await redis.evalSha(this.sha, options);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return redis.eval(this.source, options);
    }
  }
}
