import { DATA_SOURCE } from '@herald/persistence';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import type { EncryptedCredentials } from '../../core/crypto/credentials-cipher';

/** The environment a public inbox session names by its `applicationIdentifier`. */
export interface InboxEnvironment {
  environmentId: string;
  organizationId: string;
  name: string;
  identifier: string;
  /** The default for requiring `subscriberHash` when the in-app integration does not say. */
  inboxHmac: boolean;
}

/** An active API key's sealed copy (decision 0034). */
export interface SealedApiKey {
  keyHash: string;
  sealed: EncryptedCredentials;
}

/** What `POST /v1/inbox/session` reads of the control plane. */
@Injectable()
export class InboxEnvironmentRepository {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  async findByIdentifier(identifier: string): Promise<InboxEnvironment | undefined> {
    const rows: InboxEnvironment[] = await this.dataSource.query(
      `SELECT id AS "environmentId", organization_id AS "organizationId", name, identifier, inbox_hmac AS "inboxHmac"
         FROM gateway.environments WHERE identifier = $1`,
      [identifier],
    );
    return rows[0];
  }

  async findById(environmentId: string): Promise<InboxEnvironment | undefined> {
    const rows: InboxEnvironment[] = await this.dataSource.query(
      `SELECT id AS "environmentId", organization_id AS "organizationId", name, identifier, inbox_hmac AS "inboxHmac"
         FROM gateway.environments WHERE id = $1`,
      [environmentId],
    );
    return rows[0];
  }

  /** The environment's live keys that have a sealed copy, newest first (keys issued before 0034 have none). */
  async sealedKeys(environmentId: string): Promise<SealedApiKey[]> {
    const rows: {
      key_hash: string;
      sealed_key_id: string;
      sealed_iv: Buffer;
      sealed_tag: Buffer;
      sealed_ciphertext: Buffer;
    }[] = await this.dataSource.query(
      `SELECT key_hash, sealed_key_id, sealed_iv, sealed_tag, sealed_ciphertext FROM gateway.api_keys
          WHERE environment_id = $1 AND revoked_at IS NULL AND sealed_key_id IS NOT NULL
          ORDER BY created_at DESC, id LIMIT 20`,
      [environmentId],
    );
    return rows.map((row) => ({
      keyHash: row.key_hash,
      sealed: { keyId: row.sealed_key_id, iv: row.sealed_iv, tag: row.sealed_tag, ciphertext: row.sealed_ciphertext },
    }));
  }
}
