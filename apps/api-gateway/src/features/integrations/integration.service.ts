import { randomBytes, randomUUID } from 'node:crypto';

import { DeliveryChannel, RunnerCredentialsSeal, RunnerIntegration, SealedRunnerIntegration } from '@herald/contracts';
import { Inject, Injectable } from '@nestjs/common';

import { GATEWAY_CONFIG, GatewayConfig } from '../../core/config/gateway.config';
import { CredentialsCipher } from '../../core/crypto/credentials-cipher';
import { toFieldErrors } from '../../core/errors/field-errors';
import { GatewayException } from '../../core/errors/gateway.exception';
import { mergeCredentials } from './credentials-masking';
import { IntegrationIdentifierTakenError, IntegrationRepository, IntegrationRow } from './integration.repository';
import { IntegrationChangePublisher } from './integration-change.publisher';
import { CreateIntegrationBody, credentialsSchema, UpdateIntegrationBody } from './integration-request.schema';
import { channelOfProvider, isImplementedProvider, unsupportedProviderMessage } from './provider-catalog';

// The contract's type; re-exported while integrations-rpc.server.ts still imports it from here.
export type { RunnerIntegration } from '@herald/contracts';

/** Binds a ciphertext to its row: copied onto another row (or environment) it no longer opens. */
function associatedData(environmentId: string, id: string): string {
  return `${environmentId}:${id}`;
}

/** The integration use cases; the only place credentials are sealed or opened. */
@Injectable()
export class IntegrationService {
  private readonly cipher: CredentialsCipher;
  /** Seals credentials for the runners (`RUNNER_CREDENTIALS_KEY`, current key only); never opens them. */
  private readonly runnerSeal: RunnerCredentialsSeal;

  constructor(
    private readonly repository: IntegrationRepository,
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
    private readonly changes: IntegrationChangePublisher,
  ) {
    this.cipher = new CredentialsCipher(config.CREDENTIALS_ENCRYPTION_KEY, config.CREDENTIALS_ENCRYPTION_PREVIOUS_KEYS);
    this.runnerSeal = new RunnerCredentialsSeal(config.RUNNER_CREDENTIALS_KEY);
  }

  async create(environmentId: string, body: CreateIntegrationBody): Promise<IntegrationRow> {
    const providerChannel = channelOfProvider(body.providerId);
    if (!providerChannel) {
      const message = unsupportedProviderMessage(body.providerId, body.channel);
      throw GatewayException.invalidField('providerId', [message], body.providerId);
    }
    if (body.channel !== undefined && body.channel !== providerChannel) {
      const message = `must be ${providerChannel} for provider ${body.providerId}`;
      throw GatewayException.invalidField('channel', [message], body.channel);
    }
    const id = randomUUID();
    const identifier = body.identifier ?? `${body.providerId}-${randomBytes(4).toString('hex')}`;
    const created = await this.identifierAware(() =>
      this.repository.insert(
        {
          id,
          environmentId,
          providerId: body.providerId,
          channel: providerChannel,
          name: body.name ?? body.providerId,
          identifier,
          sealed: this.cipher.encrypt(body.credentials, associatedData(environmentId, id)),
          active: body.active,
          primary: false,
          priority: body.priority ?? 0,
          conditions: body.conditions,
        },
        body.primary,
      ),
    );
    await this.announce(created, 'created');
    return created;
  }

  list(environmentId: string, activeOnly = false): Promise<IntegrationRow[]> {
    return this.repository.list(environmentId, { activeOnly });
  }

  find(environmentId: string, id: string): Promise<IntegrationRow | undefined> {
    return this.repository.find(environmentId, id);
  }

  /** Undefined when there is no such integration. Credentials are merged, then re-sealed under the current key. */
  async update(environmentId: string, id: string, body: UpdateIntegrationBody): Promise<IntegrationRow | undefined> {
    const updated = await this.identifierAware(() =>
      this.repository.update(environmentId, id, (current) => {
        if (body.active === true || body.primary === true) this.assertImplemented(current);
        const stored = this.cipher.decrypt(current.sealed, associatedData(environmentId, id));
        const credentials =
          body.credentials === undefined ? stored : this.validCredentials(mergeCredentials(stored, body.credentials));
        return {
          ...current,
          name: body.name ?? current.name,
          identifier: body.identifier ?? current.identifier,
          active: body.active ?? current.active,
          primary: body.primary ?? current.primary,
          priority: body.priority ?? current.priority,
          conditions: body.conditions ?? current.conditions,
          sealed: this.cipher.encrypt(credentials, associatedData(environmentId, id)),
        };
      }),
    );
    if (updated) await this.announce(updated, 'updated');
    return updated;
  }

  /** Makes it the channel's primary (and active). Undefined when there is no such integration. */
  async setPrimary(environmentId: string, id: string): Promise<IntegrationRow | undefined> {
    const updated = await this.repository.update(environmentId, id, (current) => {
      this.assertImplemented(current);
      return { ...current, active: true, primary: true };
    });
    if (updated) await this.announce(updated, 'updated');
    return updated;
  }

  async delete(environmentId: string, id: string): Promise<boolean> {
    const existing = await this.repository.find(environmentId, id);
    if (!existing || !(await this.repository.softDelete(environmentId, id))) return false;
    await this.announce(existing, 'deleted');
    return true;
  }

  /** Credentials opened for the response masker; never returned as they are. */
  openCredentials(integration: IntegrationRow): Record<string, unknown> {
    return this.cipher.decrypt(integration.sealed, associatedData(integration.environmentId, integration.id));
  }

  /**
   * What a runner of `channel` may deliver with in this environment: active integrations with
   * their credentials decrypted, the primary first, then by descending priority. On the broker
   * only through the retired `integrations.list-for-runner.v1` (opt-in); never expose it on HTTP.
   */
  async listForRunner(environmentId: string, channel: DeliveryChannel): Promise<RunnerIntegration[]> {
    const rows = await this.repository.list(environmentId, { activeOnly: true, channel });
    return rows.map((row) => ({
      id: row.id,
      identifier: row.identifier,
      providerId: row.providerId,
      channel: row.channel,
      name: row.name,
      primary: row.primary,
      priority: row.priority,
      conditions: row.conditions,
      credentials: this.openCredentials(row),
    }));
  }

  /**
   * {@link listForRunner} as `integrations.list-for-runner.v2` answers it: each integration's
   * credentials sealed under `RUNNER_CREDENTIALS_KEY` for its environment, id and channel, so
   * nothing on the broker's path can read them (decision 0031).
   */
  async listSealedForRunner(environmentId: string, channel: DeliveryChannel): Promise<SealedRunnerIntegration[]> {
    const integrations = await this.listForRunner(environmentId, channel);
    return integrations.map(({ credentials, ...integration }) => ({
      ...integration,
      sealedCredentials: this.runnerSeal.seal(credentials, {
        environmentId,
        integrationId: integration.id,
        channel: integration.channel,
      }),
    }));
  }

  private announce(integration: IntegrationRow, change: 'created' | 'updated' | 'deleted'): Promise<void> {
    return this.changes.publish({
      environmentId: integration.environmentId,
      integrationId: integration.id,
      channel: integration.channel,
      change,
    });
  }

  /** An integration of a provider no runner implements stays inactive (decision 0041). */
  private assertImplemented(integration: IntegrationRow): void {
    if (isImplementedProvider(integration.providerId)) return;
    const message = unsupportedProviderMessage(integration.providerId, integration.channel);
    throw GatewayException.invalidField('providerId', [message], integration.providerId);
  }

  private validCredentials(credentials: Record<string, unknown>): Record<string, unknown> {
    const result = credentialsSchema.safeParse(credentials);
    if (result.success) return result.data;
    throw GatewayException.requestValidation(toFieldErrors(result.error, undefined, { at: 'credentials' }));
  }

  private async identifierAware<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      // 422 rather than 409: the SDK retries a 409, and a taken identifier never frees itself.
      if (error instanceof IntegrationIdentifierTakenError) {
        const errors = { identifier: { messages: [error.message], value: error.identifier } };
        throw GatewayException.requestValidation(errors, error.message);
      }
      throw error;
    }
  }
}
