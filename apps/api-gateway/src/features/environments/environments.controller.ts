import { Controller, Get, Req, UseGuards } from '@nestjs/common';

import { ApiKeyGuard, AuthenticatedRequest } from '../../pipeline/authentication/api-key.guard';

/** Novu's `GET /v1/environments/me`: which environment the API key belongs to. */
@Controller('v1/environments')
@UseGuards(ApiKeyGuard)
export class EnvironmentsController {
  @Get('me')
  me(@Req() request: AuthenticatedRequest) {
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
