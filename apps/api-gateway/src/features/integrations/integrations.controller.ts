import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  Post,
  Put,
  Req,
  UseGuards,
} from '@nestjs/common';

import { OpenApi } from '../../core/openapi/openapi.decorator';
import { ApiKeyGuard, AuthenticatedRequest } from '../../pipeline/authentication/api-key.guard';
import { ZodValidationPipe } from '../../pipeline/validation/zod-validation.pipe';
import { IntegrationRow } from './integration.repository';
import { IntegrationService } from './integration.service';
import {
  CreateIntegrationBody,
  createIntegrationBodySchema,
  UpdateIntegrationBody,
  updateIntegrationBodySchema,
} from './integration-request.schema';
import { toIntegrationResponse } from './integration-response.mapper';
import { integrationEnvelopeSchema, integrationListSchema } from './integration-response.schema';

/** Novu's `/v1/integrations` routes. Credentials go in; only their masks come out. */
@Controller('v1/integrations')
@UseGuards(ApiKeyGuard)
export class IntegrationsController {
  constructor(private readonly integrations: IntegrationService) {}

  @Post()
  @OpenApi({ response: integrationEnvelopeSchema })
  async create(
    @Req() request: AuthenticatedRequest,
    @Body(new ZodValidationPipe(createIntegrationBodySchema, { redacted: ['credentials'] }))
    body: CreateIntegrationBody,
  ) {
    return { data: this.respond(request, await this.integrations.create(request.environment.environmentId, body)) };
  }

  @Get()
  @OpenApi({ response: integrationListSchema })
  async list(@Req() request: AuthenticatedRequest) {
    return {
      data: (await this.integrations.list(request.environment.environmentId)).map((row) => this.respond(request, row)),
    };
  }

  @Get('active')
  @OpenApi({ response: integrationListSchema })
  async listActive(@Req() request: AuthenticatedRequest) {
    return {
      data: (await this.integrations.list(request.environment.environmentId, true)).map((row) =>
        this.respond(request, row),
      ),
    };
  }

  @Put(':integrationId')
  @OpenApi({ response: integrationEnvelopeSchema })
  async update(
    @Req() request: AuthenticatedRequest,
    @Param('integrationId') integrationId: string,
    @Body(new ZodValidationPipe(updateIntegrationBodySchema, { redacted: ['credentials'] }))
    body: UpdateIntegrationBody,
  ) {
    const updated = await this.integrations.update(request.environment.environmentId, integrationId, body);
    return { data: this.respond(request, updated ?? this.notFound(integrationId)) };
  }

  @Post(':integrationId/set-primary')
  @OpenApi({ response: integrationEnvelopeSchema })
  @HttpCode(200)
  async setPrimary(@Req() request: AuthenticatedRequest, @Param('integrationId') integrationId: string) {
    const updated = await this.integrations.setPrimary(request.environment.environmentId, integrationId);
    return { data: this.respond(request, updated ?? this.notFound(integrationId)) };
  }

  /** Novu answers with the integrations that remain. */
  @Delete(':integrationId')
  @OpenApi({ response: integrationListSchema })
  async delete(@Req() request: AuthenticatedRequest, @Param('integrationId') integrationId: string) {
    if (!(await this.integrations.delete(request.environment.environmentId, integrationId)))
      this.notFound(integrationId);
    return this.list(request);
  }

  private respond(request: AuthenticatedRequest, row: IntegrationRow) {
    return toIntegrationResponse(row, request.environment.organizationId, this.integrations.openCredentials(row));
  }

  private notFound(integrationId: string): never {
    throw new NotFoundException(`Integration not found: "${integrationId}"`);
  }
}
