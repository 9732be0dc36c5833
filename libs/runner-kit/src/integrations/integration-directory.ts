import { type DeliveryChannel, INTEGRATIONS_LIST_FOR_RUNNER_V1, type RunnerIntegration } from '@herald/contracts';
import type { RpcClient } from '@herald/messaging';

import { ExpiringCache } from './expiring-cache';

/** Directory settings. */
export interface IntegrationDirectoryOptions {
  channel: DeliveryChannel;
  /** How long an environment's list is served from memory (`integration.changed.v1` drops it sooner). */
  cacheTtlMs: number;
  rpcTimeoutMs: number;
}

/**
 * The active integrations of an environment for this runner's channel, fetched from the gateway
 * over RPC (`integrations.list-for-runner.v1`) and cached per environment. Credentials stay in
 * this process's memory only. RPC errors (gateway down, timeout) propagate: they are
 * infrastructure trouble, and the job is retried by the messaging lib.
 */
export class IntegrationDirectory {
  private readonly cache: ExpiringCache<string, RunnerIntegration[]>;

  constructor(
    private readonly rpc: RpcClient,
    private readonly options: IntegrationDirectoryOptions,
  ) {
    this.cache = new ExpiringCache({ ttlMs: options.cacheTtlMs });
  }

  /** The environment's integrations (cached). */
  list(environmentId: string): Promise<RunnerIntegration[]> {
    return this.cache.get(environmentId, () => this.fetch(environmentId));
  }

  /** Forgets an environment's integrations (they changed). */
  invalidate(environmentId: string): void {
    this.cache.invalidate(environmentId);
  }

  private fetch(environmentId: string): Promise<RunnerIntegration[]> {
    const request = { environmentId, channel: this.options.channel };
    const timeoutMs = this.options.rpcTimeoutMs;
    return this.rpc.invoke(INTEGRATIONS_LIST_FOR_RUNNER_V1, environmentId, request, { timeoutMs });
  }
}
