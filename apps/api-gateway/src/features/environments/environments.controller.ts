import { Controller, Get, Req, UseGuards } from '@nestjs/common';

import { OpenApi } from '../../core/openapi/openapi.decorator';
import { z } from '../../core/openapi/openapi-zod';
import { ApiKeyGuard, AuthenticatedRequest } from '../../pipeline/authentication/api-key.guard';
import { EnvironmentRow, EnvironmentsRepository } from './environments.repository';

/** Novu's `EnvironmentResponseDto`. `apiKeys` is always empty: Herald keeps only key hashes, and
 * listing or regenerating keys, like creating environments, stays an operator route (`/admin`). */
const environmentSchema = z
  .object({
    _id: z.string(),
    _organizationId: z.string(),
    name: z.string(),
    identifier: z.string(),
    apiKeys: z.array(z.object({ key: z.string() })).max(0),
    _parentId: z.null(),
  })
  .openapi('EnvironmentResponseDto');
const currentEnvironmentSchema = z.object({ data: environmentSchema });
const environmentListSchema = z.object({ data: z.array(environmentSchema) });

function toEnvironmentResponse(environment: EnvironmentRow): z.infer<typeof environmentSchema> {
  return {
    _id: environment.id,
    _organizationId: environment.organizationId,
    name: environment.name,
    identifier: environment.identifier,
    apiKeys: [],
    _parentId: null,
  };
}

/** Novu's `GET /v1/environments` and `GET /v1/environments/me` with an API key. */
@OpenApi({ tag: 'Environments' })
@Controller('v1/environments')
@UseGuards(ApiKeyGuard)
export class EnvironmentsController {
  constructor(private readonly environments: EnvironmentsRepository) {}

  /** The environments of the key's organization (Novu lists them to any of its keys). */
  @Get()
  @OpenApi({ summary: 'List environments', response: environmentListSchema })
  async list(@Req() request: AuthenticatedRequest): Promise<z.infer<typeof environmentListSchema>> {
    const environments = await this.environments.listOfOrganization(request.environment.organizationId);
    return { data: environments.map(toEnvironmentResponse) };
  }

  /** The environment the API key belongs to. */
  @Get('me')
  @OpenApi({ summary: 'Get current environment', response: currentEnvironmentSchema })
  me(@Req() request: AuthenticatedRequest): z.infer<typeof currentEnvironmentSchema> {
    const { environmentId, organizationId, environmentName, environmentIdentifier } = request.environment;
    return {
      data: toEnvironmentResponse({
        id: environmentId,
        organizationId,
        name: environmentName,
        identifier: environmentIdentifier,
      }),
    };
  }
}
