import { ReadinessRegistry } from '@herald/observability';
import { Inject, Injectable, OnApplicationShutdown, OnModuleInit, Provider } from '@nestjs/common';
import { createClient, RedisClientType } from 'redis';

import { GATEWAY_CONFIG, GatewayConfig } from '../../core/config/gateway.config';

export type RedisClient = RedisClientType;
export const REDIS = Symbol('REDIS');

/** One Redis connection per gateway process; reconnects by itself, reported to readiness. */
export const redisProvider: Provider = {
  provide: REDIS,
  inject: [GATEWAY_CONFIG],
  useFactory: async (config: GatewayConfig): Promise<RedisClient> => {
    const client = createClient({
      url: config.REDIS_URL,
      socket: { reconnectStrategy: (retries) => Math.min(retries * 100, 2_000) },
      // No per-command timeout (an AbortSignal and a timer per command): RedisLuaScript keeps the deadlines.
      commandOptions: { timeout: 0 },
    });
    // Errors surface through readiness and failed commands; the listener keeps them from crashing the process.
    client.on('error', () => undefined);
    await client.connect();
    return client as RedisClientType;
  },
};

@Injectable()
export class RedisLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(REDIS) private readonly redis: RedisClient,
    private readonly readiness: ReadinessRegistry,
  ) {}

  onModuleInit(): void {
    this.readiness.register({ name: 'redis', check: async () => void (await this.redis.ping()) });
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.redis.isOpen) await this.redis.quit();
  }
}
