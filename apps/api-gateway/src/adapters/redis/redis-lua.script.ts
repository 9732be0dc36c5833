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

  // Raw EVALSHA/EVAL: the client's typed command wrappers cost as much again per call on the trigger route.
  private async evaluate(redis: RedisClient, keys: string[], args: (string | number)[]): Promise<unknown> {
    const command = ['EVALSHA', this.sha, String(keys.length)];
    for (const key of keys) command.push(key);
    for (const arg of args) command.push(String(arg));
    try {
      return await redis.sendCommand(command);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return redis.sendCommand(['EVAL', this.source, ...command.slice(2)]);
    }
  }
}
