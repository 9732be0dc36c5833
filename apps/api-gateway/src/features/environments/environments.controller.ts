import { Controller, Get, Req, UseGuards } from '@nestjs/common';

import { OpenApi } from '../../core/openapi/openapi.decorator';
import { z } from '../../core/openapi/openapi-zod';
import { ApiKeyGuard, AuthenticatedRequest } from '../../pipeline/authentication/api-key.guard';

/** Novu's `EnvironmentResponseDto`, the fields Herald has. */
const currentEnvironmentSchema = z.object({
  data: z
    .object({ _id: z.string(), _organizationId: z.string(), name: z.string(), identifier: z.string() })
    .openapi('EnvironmentResponseDto'),
});

/** Novu's `GET /v1/environments/me`: which environment the API key belongs to. */
@Controller('v1/environments')
@UseGuards(ApiKeyGuard)
export class EnvironmentsController {
  @Get('me')
  @OpenApi({ summary: 'Get current environment', response: currentEnvironmentSchema })
  me(@Req() request: AuthenticatedRequest): z.infer<typeof currentEnvironmentSchema> {
    const { environmentId, organizationId, environmentName, environmentIdentifier } = request.environment;
    return {
      data: {
        _id: environmentId,
        _organizationId: organizationId,
        name: environmentName,
        identifier: environmentIdentifier,
      },
    };
  }
}
