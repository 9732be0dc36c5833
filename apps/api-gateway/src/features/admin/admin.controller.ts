import { Body, Controller, Delete, Get, Param, Patch, Post, UseGuards } from '@nestjs/common';

import { ZodValidationPipe } from '../../pipeline/validation/zod-validation.pipe';
import { AdminService } from './admin.service';
import {
  CreateEnvironmentBody,
  createEnvironmentBodySchema,
  CreateOrganizationBody,
  createOrganizationBodySchema,
  UpdateOrganizationBody,
  updateOrganizationBodySchema,
} from './admin-request.schema';
import { toApiKeyResponse, toEnvironmentResponse, toOrganizationResponse } from './admin-response.mapper';
import { OperatorTokenGuard } from './operator-token.guard';

/** Operator routes (not part of Novu's API): organizations, environments and their API keys. */
@Controller('admin')
@UseGuards(OperatorTokenGuard)
export class AdminController {
  constructor(private readonly admin: AdminService) {}

  @Post('organizations')
  async createOrganization(@Body(new ZodValidationPipe(createOrganizationBodySchema)) body: CreateOrganizationBody) {
    return { data: toOrganizationResponse(await this.admin.createOrganization(body.name, body.idempotencyEnabled)) };
  }

  /** The newest 200 organizations (the operator console's list). */
  @Get('organizations')
  async listOrganizations() {
    return { data: (await this.admin.listOrganizations()).map(toOrganizationResponse) };
  }

  @Get('organizations/:organizationId/environments')
  async listEnvironments(@Param('organizationId') organizationId: string) {
    return { data: (await this.admin.listEnvironments(organizationId)).map(toEnvironmentResponse) };
  }

  @Get('organizations/:organizationId')
  async getOrganization(@Param('organizationId') organizationId: string) {
    return { data: toOrganizationResponse(await this.admin.getOrganization(organizationId)) };
  }

  /** Name and settings (`idempotencyEnabled`). */
  @Patch('organizations/:organizationId')
  async updateOrganization(
    @Param('organizationId') organizationId: string,
    @Body(new ZodValidationPipe(updateOrganizationBodySchema)) body: UpdateOrganizationBody,
  ) {
    return { data: toOrganizationResponse(await this.admin.updateOrganization(organizationId, body)) };
  }

  @Post('organizations/:organizationId/environments')
  async createEnvironment(
    @Param('organizationId') organizationId: string,
    @Body(new ZodValidationPipe(createEnvironmentBodySchema)) body: CreateEnvironmentBody,
  ) {
    return {
      data: toEnvironmentResponse(await this.admin.createEnvironment(organizationId, body.name, body.identifier)),
    };
  }

  /** Revokes the environment's keys and ends its inbox streams on every replica. */
  @Delete('environments/:environmentId')
  async deleteEnvironment(@Param('environmentId') environmentId: string) {
    const environment = await this.admin.deleteEnvironment(environmentId);
    return { data: { ...toEnvironmentResponse(environment), deletedAt: environment.deletedAt.toISOString() } };
  }

  /** The key is in this response and nowhere else, ever. */
  @Post('environments/:environmentId/api-keys')
  async createApiKey(@Param('environmentId') environmentId: string) {
    const { key, record } = await this.admin.createApiKey(environmentId);
    return { data: toApiKeyResponse(record, key) };
  }

  @Get('environments/:environmentId/api-keys')
  async listApiKeys(@Param('environmentId') environmentId: string) {
    return { data: (await this.admin.listApiKeys(environmentId)).map((record) => toApiKeyResponse(record)) };
  }

  @Post('api-keys/:keyId/rotate')
  async rotateApiKey(@Param('keyId') keyId: string) {
    const { issued, revoked } = await this.admin.rotateApiKey(keyId);
    return { data: { ...toApiKeyResponse(issued.record, issued.key), replaces: toApiKeyResponse(revoked) } };
  }

  @Delete('api-keys/:keyId')
  async revokeApiKey(@Param('keyId') keyId: string) {
    return { data: toApiKeyResponse(await this.admin.revokeApiKey(keyId)) };
  }
}
