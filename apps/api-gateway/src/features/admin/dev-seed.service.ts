import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DATA_SOURCE, inTransaction } from '@herald/persistence';
import { DataSource } from 'typeorm';
import { ApiKeyHasher } from '../../pipeline/authentication/api-key-hasher';
import { GATEWAY_CONFIG, GatewayConfig } from '../../core/config/gateway.config';

const DEV_ORGANIZATION = 'Herald Dev';
const DEV_ENVIRONMENT = 'Development';

/**
 * When HERALD_DEV_API_KEY is set (npm start sets it), makes sure a dev organization and
 * environment exist and that the key opens it. Idempotent: runs on every start, safe on replicas.
 */
@Injectable()
export class DevSeedService implements OnApplicationBootstrap {
  private readonly logger = new Logger(DevSeedService.name);

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const apiKey = this.config.HERALD_DEV_API_KEY;
    if (!apiKey) return;
    const keyHash = new ApiKeyHasher(this.config.API_KEY_HMAC_SECRET).hash(apiKey);
    await inTransaction(this.dataSource, async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['herald:dev-seed']);
      let [organization] = await manager.query('SELECT id FROM gateway.organizations WHERE name = $1', [DEV_ORGANIZATION]);
      organization ??= (await manager.query('INSERT INTO gateway.organizations (name) VALUES ($1) RETURNING id', [DEV_ORGANIZATION]))[0];
      const [environment] = await manager.query(
        `INSERT INTO gateway.environments (organization_id, name, identifier) VALUES ($1, $2, 'dev')
         ON CONFLICT (organization_id, name) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
        [organization.id, DEV_ENVIRONMENT],
      );
      await manager.query(
        `INSERT INTO gateway.api_keys (environment_id, key_hash, key_hint) VALUES ($1, $2, $3) ON CONFLICT (key_hash) DO NOTHING`,
        [environment.id, keyHash, ApiKeyHasher.hint(apiKey)],
      );
    });
    this.logger.log(`dev environment seeded (API key ${ApiKeyHasher.hint(apiKey)})`);
  }
}
