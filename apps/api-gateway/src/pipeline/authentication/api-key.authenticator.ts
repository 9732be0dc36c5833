import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

import { GATEWAY_CONFIG, GatewayConfig } from '../../core/config/gateway.config';
import { ApiKeyCache } from './api-key.cache';
import { ApiKeyRepository, AuthenticatedEnvironment } from './api-key.repository';
import { ApiKeyHasher } from './api-key-hasher';
import { FailedAuthLimiter } from './failed-auth.limiter';

const API_KEY_HEADER = /^ApiKey\s+(\S{8,512})$/;

/**
 * `Authorization: ApiKey <key>` → the key's organization and environment, or 401. An address that
 * presented too many unknown keys gets 429 first (`FailedAuthLimiter`).
 */
@Injectable()
export class ApiKeyAuthenticator {
  private readonly hasher: ApiKeyHasher;

  constructor(
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
    private readonly repository: ApiKeyRepository,
    private readonly cache: ApiKeyCache,
    private readonly failures: FailedAuthLimiter,
  ) {
    this.hasher = new ApiKeyHasher(config.API_KEY_HMAC_SECRET, config.API_KEY_HMAC_SECRET_PREVIOUS);
  }

  async authenticate(request: FastifyRequest): Promise<AuthenticatedEnvironment> {
    const header = request.headers.authorization;
    if (!header) throw new UnauthorizedException('API Key not found: send "Authorization: ApiKey <key>"');
    const match = API_KEY_HEADER.exec(header);
    if (!match) throw new UnauthorizedException('Invalid Authorization header: expected "ApiKey <key>"');
    const apiKey = match[1];
    // The cache is keyed by a plain digest; the keyed hash (5x dearer) is computed only on a miss.
    const digest = ApiKeyHasher.digest(apiKey);
    const load = async () => (await this.repository.findActiveByHashes(this.hasher.lookupHashes(apiKey))) ?? null;
    let environment = this.cache.peek(digest, load);
    if (environment) return environment;
    await this.failures.assertAllowed(request);
    if (environment === undefined) environment = await this.cache.get(digest, load);
    if (environment) return environment;
    await this.failures.recordFailure(request);
    throw new UnauthorizedException('API Key not found');
  }
}
