import { randomBytes } from 'node:crypto';

import { Inject, Injectable, NotFoundException } from '@nestjs/common';

import { GATEWAY_CONFIG, GatewayConfig } from '../../core/config/gateway.config';
import { ApiKeySeal } from '../../core/crypto/api-key-seal';
import { GatewayException } from '../../core/errors/gateway.exception';
import { ApiKeyCache } from '../../pipeline/authentication/api-key.cache';
import { ApiKeyHasher } from '../../pipeline/authentication/api-key-hasher';
import { slugify } from '../workflows/workflow-slug';
import {
  AdminConflictError,
  AdminRepository,
  ApiKeyRecord,
  EnvironmentRecord,
  OrganizationChanges,
  OrganizationRecord,
} from './admin.repository';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A new key: the only moment the key itself exists outside the client. */
export interface IssuedApiKey {
  key: string;
  record: ApiKeyRecord;
}

/** Operator use cases: tenants of Herald itself (organizations, environments) and their API keys. */
@Injectable()
export class AdminService {
  private readonly hasher: ApiKeyHasher;
  private readonly seal: ApiKeySeal;
  /** Novu turns the inbox HMAC on for production environments; Herald for every environment made in production mode. */
  private readonly inboxHmacByDefault: boolean;

  constructor(
    private readonly repository: AdminRepository,
    private readonly apiKeyCache: ApiKeyCache,
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
  ) {
    this.hasher = new ApiKeyHasher(config.API_KEY_HMAC_SECRET);
    this.seal = ApiKeySeal.fromConfig(config);
    this.inboxHmacByDefault = config.NODE_ENV === 'production';
  }

  createOrganization(name: string, idempotencyEnabled?: boolean): Promise<OrganizationRecord> {
    return this.repository.createOrganization(name, idempotencyEnabled);
  }

  listOrganizations(limit = 200): Promise<OrganizationRecord[]> {
    return this.repository.listOrganizations(limit);
  }

  async listEnvironments(organizationId: string): Promise<EnvironmentRecord[]> {
    await this.getOrganization(organizationId);
    return this.repository.listEnvironments(organizationId);
  }

  async getOrganization(organizationId: string): Promise<OrganizationRecord> {
    const organization = UUID.test(organizationId) ? await this.repository.findOrganization(organizationId) : undefined;
    if (!organization) throw new NotFoundException(`Organization not found: "${organizationId}"`);
    return organization;
  }

  /**
   * Changes an organization's name or settings: at once on this replica (it drops the
   * organization's cached keys), within moments on the others (`organization.settings-changed.v1`
   * through the outbox).
   */
  async updateOrganization(organizationId: string, changes: OrganizationChanges): Promise<OrganizationRecord> {
    const organization = UUID.test(organizationId)
      ? await this.repository.updateOrganization(organizationId, changes)
      : undefined;
    if (!organization) throw new NotFoundException(`Organization not found: "${organizationId}"`);
    this.apiKeyCache.evictOrganization(organization.id);
    return organization;
  }

  async createEnvironment(organizationId: string, name: string, identifier?: string): Promise<EnvironmentRecord> {
    if (!UUID.test(organizationId)) throw new NotFoundException(`Organization not found: "${organizationId}"`);
    const chosen = identifier ?? `${slugify(name, 60) || 'env'}-${randomBytes(4).toString('hex')}`;
    try {
      const environment = await this.repository.createEnvironment(
        organizationId,
        name,
        chosen,
        this.inboxHmacByDefault,
      );
      if (!environment) throw new NotFoundException(`Organization not found: "${organizationId}"`);
      return environment;
    } catch (error) {
      if (error instanceof AdminConflictError) {
        throw GatewayException.requestValidation(
          { [error.field]: { messages: [error.message], value: error.value } },
          error.message,
        );
      }
      throw error;
    }
  }

  async createApiKey(environmentId: string): Promise<IssuedApiKey> {
    if (!UUID.test(environmentId) || !(await this.repository.environmentExists(environmentId))) {
      throw new NotFoundException(`Environment not found: "${environmentId}"`);
    }
    const key = this.newKey();
    const keyHash = this.hasher.hash(key);
    const seal = (environment: string) => this.seal.seal(environment, keyHash, key);
    return { key, record: await this.repository.createApiKey(environmentId, keyHash, ApiKeyHasher.hint(key), seal) };
  }

  async listApiKeys(environmentId: string): Promise<ApiKeyRecord[]> {
    if (!UUID.test(environmentId) || !(await this.repository.environmentExists(environmentId))) {
      throw new NotFoundException(`Environment not found: "${environmentId}"`);
    }
    return this.repository.listApiKeys(environmentId);
  }

  /**
   * Deletes an environment: its keys are revoked, at once on this replica and within moments on the
   * others, which also end its inbox streams (`environment.deleted.v1` through the outbox). Its data
   * in other services stays (not reachable without a key).
   */
  async deleteEnvironment(environmentId: string): Promise<EnvironmentRecord & { deletedAt: Date }> {
    const deleted = UUID.test(environmentId) ? await this.repository.deleteEnvironment(environmentId) : undefined;
    if (!deleted) throw new NotFoundException(`Environment not found: "${environmentId}"`);
    this.apiKeyCache.evictKeys(deleted.revokedKeyIds);
    return deleted.environment;
  }

  /** Revokes a key: at once on this replica, within moments on the others (`api-key.revoked.v1` through the outbox). */
  async revokeApiKey(keyId: string): Promise<ApiKeyRecord> {
    const revoked = UUID.test(keyId) ? await this.repository.revokeApiKey(keyId) : undefined;
    if (!revoked) throw new NotFoundException(`API key not found: "${keyId}"`);
    this.forget(revoked);
    return revoked;
  }

  /** Issues a replacement and revokes the old key in one transaction. */
  async rotateApiKey(keyId: string): Promise<{ issued: IssuedApiKey; revoked: ApiKeyRecord }> {
    if (!UUID.test(keyId)) throw new NotFoundException(`API key not found: "${keyId}"`);
    const key = this.newKey();
    const keyHash = this.hasher.hash(key);
    const seal = (environment: string) => this.seal.seal(environment, keyHash, key);
    const rotated = await this.repository.rotateApiKey(keyId, keyHash, ApiKeyHasher.hint(key), seal);
    if (!rotated) {
      const known = (await this.repository.findApiKey(keyId)) !== undefined;
      if (known) {
        throw GatewayException.requestValidation(
          { keyId: { messages: ['is revoked'], value: keyId } },
          'The API key is already revoked',
        );
      }
      throw new NotFoundException(`API key not found: "${keyId}"`);
    }
    this.forget(rotated.revoked);
    return { issued: { key, record: rotated.created }, revoked: rotated.revoked };
  }

  /**
   * This replica does not wait for its own event: the key is refused from the next request on (the
   * eviction also stops any lookup already in flight from caching it again).
   */
  private forget(key: ApiKeyRecord): void {
    this.apiKeyCache.evictKeys([key.id]);
  }

  private newKey(): string {
    return `hk_${randomBytes(32).toString('base64url')}`;
  }
}
