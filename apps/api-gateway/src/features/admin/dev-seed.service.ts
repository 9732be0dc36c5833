import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';

import { GATEWAY_CONFIG, GatewayConfig } from '../../core/config/gateway.config';
import { ApiKeySeal } from '../../core/crypto/api-key-seal';
import { ApiKeyHasher } from '../../pipeline/authentication/api-key-hasher';
import { DevSeedRepository } from './dev-seed.repository';

/**
 * When HERALD_DEV_API_KEY is set (npm start sets it), makes sure a dev organization and
 * environment exist and that the key opens it. Idempotent: runs on every start, safe on replicas.
 */
@Injectable()
export class DevSeedService implements OnApplicationBootstrap {
  private readonly logger = new Logger(DevSeedService.name);

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly seeds: DevSeedRepository,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const apiKey = this.config.HERALD_DEV_API_KEY;
    if (!apiKey) return;
    const keyHash = new ApiKeyHasher(this.config.API_KEY_HMAC_SECRET).hash(apiKey);
    const seal = ApiKeySeal.fromConfig(this.config);
    await this.seeds.seed(keyHash, ApiKeyHasher.hint(apiKey), (environmentId) =>
      seal.seal(environmentId, keyHash, apiKey),
    );
    this.logger.log(`dev environment seeded (API key ${ApiKeyHasher.hint(apiKey)})`);
  }
}
