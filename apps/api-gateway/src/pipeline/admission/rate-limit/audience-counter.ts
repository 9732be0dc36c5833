import { AUDIENCE_SIZE_V1, type AudienceSizeResponse } from '@herald/contracts';
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';

import { TriggerWorkerClient } from '../../../adapters/trigger-worker-rpc/trigger-worker.client';
import { GATEWAY_CONFIG, GatewayConfig } from '../../../core/config/gateway.config';
import { audienceCost, type AudienceKind, audienceOf, needsCount, topicKeysOf } from './audience';
import type { BucketPolicy } from './token-bucket';

/**
 * What a trigger route's request costs by audience (decision 0033): its subscriber recipients
 * count 1 each, read from the body; topics and broadcasts are counted by trigger-worker with one
 * bounded RPC (`audience.size.v1`, up to `RATE_LIMIT_AUDIENCE_MAX_COST`). A trigger naming only
 * subscribers makes no call. When trigger-worker does not answer, the unknown part costs a whole
 * bucket: admitted on a full bucket only, and never a 5xx.
 */
@Injectable()
export class AudienceCounter {
  private readonly logger = new Logger(AudienceCounter.name);
  private readonly maxCost: number;

  constructor(
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
    @Optional() private readonly worker?: TriggerWorkerClient,
  ) {
    this.maxCost = config.RATE_LIMIT_AUDIENCE_MAX_COST;
  }

  async cost(kind: AudienceKind, body: unknown, environmentId: string, policy: BucketPolicy): Promise<number> {
    const demand = audienceOf(kind, body);
    const limits = { maxCost: this.maxCost, unknownCost: Math.min(this.maxCost, policy.capacity) };
    if (!needsCount(demand)) return audienceCost(demand, undefined, limits);
    return audienceCost(demand, await this.count(environmentId, demand.everyone, topicKeysOf(demand)), limits);
  }

  private async count(
    environmentId: string,
    everyone: boolean,
    topicKeys: string[],
  ): Promise<AudienceSizeResponse | undefined> {
    if (!this.worker) return undefined;
    try {
      return await this.worker.call(environmentId, AUDIENCE_SIZE_V1, { everyone, topicKeys, cap: this.maxCost });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.logger.warn(`audience not counted, charging a whole bucket: ${reason}`);
      return undefined;
    }
  }
}
