import {
  type DeliveryChannel,
  INTEGRATIONS_LIST_FOR_RUNNER_V2,
  type RunnerCredentialsSeal,
  type RunnerIntegration,
  type SealedRunnerIntegration,
} from '@herald/contracts';
import type { RpcClient } from '@herald/messaging';

import { ExpiringCache } from './expiring-cache';

/** Directory settings. */
export interface IntegrationDirectoryOptions {
  channel: DeliveryChannel;
  /** How long an environment's list is served from memory (`integration.changed.v1` drops it sooner). */
  cacheTtlMs: number;
  rpcTimeoutMs: number;
  /** Opens the credentials the gateway sealed for this runner (`RUNNER_CREDENTIALS_KEY`, `_PREVIOUS`). */
  seal: RunnerCredentialsSeal;
}

/**
 * The active integrations of an environment for this runner's channel, fetched from the gateway
 * over RPC (`integrations.list-for-runner.v2`) and cached per environment. Credentials cross the
 * broker sealed for this environment, integration and channel; they are opened here and stay in
 * this process's memory only. RPC errors (gateway down, timeout) and a seal that does not open (a
 * key this runner lacks, or credentials bound to another integration) propagate: they are
 * infrastructure or configuration trouble, and the job is retried by the messaging lib.
 */
export class IntegrationDirectory {
  private readonly cache: ExpiringCache<string, RunnerIntegration[]>;

  constructor(
    private readonly rpc: RpcClient,
    private readonly options: IntegrationDirectoryOptions,
  ) {
    this.cache = new ExpiringCache({ ttlMs: options.cacheTtlMs });
  }

  /** The environment's integrations (cached), credentials opened. */
  list(environmentId: string): Promise<RunnerIntegration[]> {
    return this.cache.get(environmentId, () => this.fetch(environmentId));
  }

  /**
   * One integration of the environment, by the gateway's id: from the cached list, else from a
   * fresh one (it may have been created or activated a moment ago); undefined when not active here.
   */
  async find(environmentId: string, integrationId: string): Promise<RunnerIntegration | undefined> {
    const cached = (await this.list(environmentId)).find((integration) => integration.id === integrationId);
    if (cached) return cached;
    this.invalidate(environmentId);
    return (await this.list(environmentId)).find((integration) => integration.id === integrationId);
  }

  /** Forgets an environment's integrations (they changed). */
  invalidate(environmentId: string): void {
    this.cache.invalidate(environmentId);
  }

  private async fetch(environmentId: string): Promise<RunnerIntegration[]> {
    const { channel, rpcTimeoutMs: timeoutMs } = this.options;
    const request = { environmentId, channel };
    const sealed = await this.rpc.invoke(INTEGRATIONS_LIST_FOR_RUNNER_V2, environmentId, request, { timeoutMs });
    return sealed.map((integration) => this.open(environmentId, integration));
  }

  /** Bound to the environment asked for and this runner's channel, whatever the answer claims. */
  private open(environmentId: string, integration: SealedRunnerIntegration): RunnerIntegration {
    const { sealedCredentials, ...rest } = integration;
    const binding = { environmentId, integrationId: integration.id, channel: this.options.channel };
    return { ...rest, credentials: this.options.seal.open(sealedCredentials, binding) };
  }
}
