import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The provider ids some runner implemented when the catalog stopped accepting the others
 * (decision 0041). Frozen here on purpose: a migration must mean the same thing whenever it runs,
 * while `IMPLEMENTED_PROVIDERS` grows.
 */
const IMPLEMENTED_AT_THIS_VERSION = [
  'nodemailer',
  'sendgrid',
  'ses',
  'mailgun',
  'postmark',
  'resend',
  'sendinblue',
  'brevo',
  'twilio',
  'nexmo',
  'plivo',
  'sns',
  'messagebird',
  'sms-webhook',
  'fcm',
  'apns',
  'expo',
  'push-webhook',
  'slack',
  'discord',
  'msteams',
  'telegram',
  'novu',
];

/**
 * Integrations of a provider no runner implements are kept (credentials and all) but deactivated,
 * demoted from primary, and given the reason in the new nullable `inactive_reason`, which the
 * integration response shows. Expand-only: an older gateway ignores the column.
 * List them with: `SELECT environment_id, id, identifier, provider_id, inactive_reason
 * FROM gateway.integrations WHERE inactive_reason IS NOT NULL AND deleted_at IS NULL`.
 */
export class UnimplementedProviders1765200000000 implements MigrationInterface {
  name = 'UnimplementedProviders1765200000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE gateway.integrations ADD COLUMN IF NOT EXISTS inactive_reason text');
    await runner.query(
      `UPDATE gateway.integrations
          SET active = false, is_primary = false, updated_at = now(),
              inactive_reason = 'provider_not_implemented: Herald has no runner for ' || provider_id || '; the integration was deactivated'
        WHERE deleted_at IS NULL AND provider_id <> ALL($1::text[])`,
      [IMPLEMENTED_AT_THIS_VERSION],
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE gateway.integrations DROP COLUMN inactive_reason');
  }
}
