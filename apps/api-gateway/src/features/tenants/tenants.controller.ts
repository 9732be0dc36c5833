import {
  Body,
  ConflictException,
  Controller,
  Delete,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  Patch,
  Post,
  Query,
  Req,
  UseGuards,
} from '@nestjs/common';

import { OpenApi } from '../../core/openapi/openapi.decorator';
import { ApiKeyGuard, AuthenticatedRequest } from '../../pipeline/authentication/api-key.guard';
import { ZodValidationPipe } from '../../pipeline/validation/zod-validation.pipe';
import { TenantIdentifierTakenError, TenantRecord, TenantRepository } from './tenant.repository';
import {
  CreateTenantBody,
  createTenantBodySchema,
  ListTenantsQuery,
  listTenantsQuerySchema,
  UpdateTenantBody,
  updateTenantBodySchema,
} from './tenant-request.schema';
import { toTenantResponse } from './tenant-response.mapper';
import { tenantEnvelopeSchema, tenantPageSchema } from './tenant-response.schema';

/** Novu's `/v1/tenants` routes. */
@Controller('v1/tenants')
@UseGuards(ApiKeyGuard)
export class TenantsController {
  constructor(private readonly tenants: TenantRepository) {}

  @Post()
  @OpenApi({ response: tenantEnvelopeSchema })
  async create(
    @Req() request: AuthenticatedRequest,
    @Body(new ZodValidationPipe(createTenantBodySchema)) body: CreateTenantBody,
  ) {
    const tenant = await this.conflictAware(() => this.tenants.create(request.environment.environmentId, body));
    return { data: toTenantResponse(tenant) };
  }

  @Get()
  @OpenApi({ response: tenantPageSchema })
  async list(
    @Req() request: AuthenticatedRequest,
    @Query(new ZodValidationPipe(listTenantsQuerySchema)) query: ListTenantsQuery,
  ) {
    const { tenants, hasMore, totalCount } = await this.tenants.list(
      request.environment.environmentId,
      query.page,
      query.limit,
    );
    return { data: tenants.map(toTenantResponse), page: query.page, pageSize: query.limit, hasMore, totalCount };
  }

  @Get(':identifier')
  @OpenApi({ response: tenantEnvelopeSchema })
  async get(@Req() request: AuthenticatedRequest, @Param('identifier') identifier: string) {
    const tenant = await this.tenants.findByIdentifier(request.environment.environmentId, identifier);
    return { data: toTenantResponse(tenant ?? this.notFound(identifier)) };
  }

  @Patch(':identifier')
  @OpenApi({ response: tenantEnvelopeSchema })
  async update(
    @Req() request: AuthenticatedRequest,
    @Param('identifier') identifier: string,
    @Body(new ZodValidationPipe(updateTenantBodySchema)) body: UpdateTenantBody,
  ) {
    const tenant = await this.conflictAware(() =>
      this.tenants.update(request.environment.environmentId, identifier, body),
    );
    return { data: toTenantResponse(tenant ?? this.notFound(identifier)) };
  }

  @Delete(':identifier')
  @HttpCode(204)
  async delete(@Req() request: AuthenticatedRequest, @Param('identifier') identifier: string): Promise<void> {
    if (!(await this.tenants.delete(request.environment.environmentId, identifier))) this.notFound(identifier);
  }

  private async conflictAware<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof TenantIdentifierTakenError) throw new ConflictException(error.message);
      throw error;
    }
  }

  private notFound(identifier: string): TenantRecord {
    throw new NotFoundException(`Tenant not found: "${identifier}"`);
  }
}
