import { DATA_SOURCE, inTransaction } from '@herald/persistence';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import type { SealKey } from './admin.repository';

const DEV_ORGANIZATION = 'Herald Dev';
const DEV_ENVIRONMENT = 'Development';

/** Writes the dev organization, environment and API key (`DevSeedService`). */
@Injectable()
export class DevSeedRepository {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  /** Makes sure the dev organization and environment exist and the key opens it; serialized across replicas. */
  async seed(keyHash: string, keyHint: string, seal: SealKey): Promise<void> {
    await inTransaction(this.dataSource, async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['herald:dev-seed']);
      let [organization] = await manager.query('SELECT id FROM gateway.organizations WHERE name = $1', [
        DEV_ORGANIZATION,
      ]);
      organization ??= (
        await manager.query('INSERT INTO gateway.organizations (name) VALUES ($1) RETURNING id', [DEV_ORGANIZATION])
      )[0];
      const [environment] = await manager.query(
        `INSERT INTO gateway.environments (organization_id, name, identifier) VALUES ($1, $2, 'dev')
         ON CONFLICT (organization_id, name) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
        [organization.id, DEV_ENVIRONMENT],
      );
      // A key seeded before keys were sealed gets its sealed copy now (the seed knows the key).
      const sealed = seal(environment.id);
      await manager.query(
        `INSERT INTO gateway.api_keys (environment_id, key_hash, key_hint, sealed_key_id, sealed_iv, sealed_tag, sealed_ciphertext)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (key_hash) DO UPDATE SET sealed_key_id = EXCLUDED.sealed_key_id, sealed_iv = EXCLUDED.sealed_iv,
           sealed_tag = EXCLUDED.sealed_tag, sealed_ciphertext = EXCLUDED.sealed_ciphertext
         WHERE gateway.api_keys.environment_id = EXCLUDED.environment_id AND gateway.api_keys.sealed_key_id IS NULL`,
        [environment.id, keyHash, keyHint, sealed.keyId, sealed.iv, sealed.tag, sealed.ciphertext],
      );
    });
  }
}
