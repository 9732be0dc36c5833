import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

import { AdmissionGate } from '../admission/admission.gate';
import { ApiKeyAuthenticator } from './api-key.authenticator';
import { AuthenticatedEnvironment } from './api-key.repository';

export type AuthenticatedRequest = FastifyRequest & { environment: AuthenticatedEnvironment };

/**
 * Routes behind `Authorization: ApiKey <key>`. The key is checked before the body is read, by the
 * `onRequest` hook (`registerAuthenticationFirst`), which leaves the environment on the request;
 * the guard then admits the request (rate limit, idempotency — `AdmissionGate`), which needs the
 * route's metadata and so runs here.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly authenticator: ApiKeyAuthenticator,
    private readonly admission: AdmissionGate,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    // Set by the onRequest hook; authenticating here too keeps a route the hook missed closed.
    request.environment ??= await this.authenticator.authenticate(request);
    await this.admission.admit(context, request.environment);
    return true;
  }
}
