import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Novu's inbox HMAC (`subscriberHash` = HMAC-SHA-256(subscriberId) under the environment's secret
 * key, decision 0034) needs the key itself, which Herald only stored as a keyed hash: keys issued
 * from now on are also kept sealed (AES-256-GCM under CREDENTIALS_ENCRYPTION_KEY, like integration
 * credentials). Keys issued before have no sealed copy. `inbox_hmac` is the environment's default
 * when its in-app integration does not say (on for environments created in production mode).
 * Expand-only: nullable or defaulted columns.
 */
export class InboxHmac1765000000000 implements MigrationInterface {
  name = 'InboxHmac1765000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE gateway.api_keys
        ADD COLUMN sealed_key_id text,
        ADD COLUMN sealed_iv bytea,
        ADD COLUMN sealed_tag bytea,
        ADD COLUMN sealed_ciphertext bytea`);
    await runner.query('ALTER TABLE gateway.environments ADD COLUMN inbox_hmac boolean NOT NULL DEFAULT false');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE gateway.environments DROP COLUMN inbox_hmac');
    await runner.query(`
      ALTER TABLE gateway.api_keys
        DROP COLUMN sealed_key_id, DROP COLUMN sealed_iv, DROP COLUMN sealed_tag, DROP COLUMN sealed_ciphertext`);
  }
}
