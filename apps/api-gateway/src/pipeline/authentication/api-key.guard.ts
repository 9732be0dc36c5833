import { CanActivate, ExecutionContext, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AdmissionGate } from '../admission/admission.gate';
import { GATEWAY_CONFIG, GatewayConfig } from '../../core/config/gateway.config';
import { ApiKeyCache } from './api-key.cache';
import { ApiKeyHasher } from './api-key-hasher';
import { ApiKeyRepository, AuthenticatedEnvironment } from './api-key.repository';

export type AuthenticatedRequest = FastifyRequest & { environment: AuthenticatedEnvironment };

const API_KEY_HEADER = /^ApiKey\s+(\S{8,512})$/;

/**
 * `Authorization: ApiKey <key>` selects the organization and environment of every request; the
 * authenticated request is then admitted (rate limit, idempotency — `AdmissionGate`).
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly hasher: ApiKeyHasher;

  constructor(
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
    private readonly repository: ApiKeyRepository,
    private readonly cache: ApiKeyCache,
    private readonly admission: AdmissionGate,
  ) {
    this.hasher = new ApiKeyHasher(config.API_KEY_HMAC_SECRET, config.API_KEY_HMAC_SECRET_PREVIOUS);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization;
    if (!header) throw new UnauthorizedException('API Key not found: send "Authorization: ApiKey <key>"');
    const match = API_KEY_HEADER.exec(header);
    if (!match) throw new UnauthorizedException('Invalid Authorization header: expected "ApiKey <key>"');
    // The cache is keyed by a plain digest; the keyed hash (5x dearer) is computed only on a miss.
    const digest = ApiKeyHasher.digest(match[1]);
    const apiKey = match[1];
    const load = async () => (await this.repository.findActiveByHashes(this.hasher.lookupHashes(apiKey))) ?? null;
    let environment = this.cache.peek(digest, load);
    if (environment === undefined) environment = await this.cache.get(digest, load);
    if (!environment) throw new UnauthorizedException('API Key not found');
    request.environment = environment;
    await this.admission.admit(context, environment);
    return true;
  }
}
