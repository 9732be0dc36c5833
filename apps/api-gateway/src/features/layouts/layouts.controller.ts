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
import type { z } from '../../core/openapi/openapi-zod';
import { ApiKeyGuard, AuthenticatedRequest } from '../../pipeline/authentication/api-key.guard';
import type { AuthenticatedEnvironment } from '../../pipeline/authentication/api-key.repository';
import { ZodValidationPipe } from '../../pipeline/validation/zod-validation.pipe';
import { LayoutIdentifierTakenError, LayoutRecord, LayoutRepository } from './layout.repository';
import {
  CreateLayoutBody,
  createLayoutBodySchema,
  ListLayoutsQuery,
  listLayoutsQuerySchema,
  UpdateLayoutBody,
  updateLayoutBodySchema,
} from './layout.schema';
import {
  createdLayoutV1Schema,
  layoutV1EnvelopeSchema,
  layoutV1PageSchema,
  LayoutV1Response,
} from './layout-response.schema';

/** Novu's v1 `LayoutDto`. */
function toLayoutResponse(layout: LayoutRecord, environment: AuthenticatedEnvironment): LayoutV1Response {
  return {
    _id: layout.id,
    _organizationId: environment.organizationId,
    _environmentId: layout.environmentId,
    _creatorId: environment.apiKeyId,
    name: layout.name,
    identifier: layout.identifier,
    ...(layout.description === null ? {} : { description: layout.description }),
    channel: 'email',
    content: layout.content,
    contentType: 'customHtml',
    variables: layout.variables,
    isDefault: layout.isDefault,
    isDeleted: false,
    createdAt: layout.createdAt.toISOString(),
    updatedAt: layout.updatedAt.toISOString(),
  };
}

const taken = (identifier: string) =>
  new ConflictException(`Layout with identifier: ${identifier} already exists under environment`);

/**
 * Novu's v1 email layouts (`@novu/node`'s `layouts`). An email step names one by `layoutId` (its
 * id or identifier); the default layout wraps email steps that name none (decision 0040).
 */
@OpenApi({ tag: 'Layouts' })
@Controller('v1/layouts')
@UseGuards(ApiKeyGuard)
export class LayoutsController {
  constructor(private readonly layouts: LayoutRepository) {}

  @Post()
  @OpenApi({ response: createdLayoutV1Schema })
  async create(
    @Req() request: AuthenticatedRequest,
    @Body(new ZodValidationPipe(createLayoutBodySchema)) body: CreateLayoutBody,
  ): Promise<z.infer<typeof createdLayoutV1Schema>> {
    const { isDefault, ...fields } = body;
    try {
      const layout = await this.layouts.create(request.environment.environmentId, fields, isDefault ?? false);
      return { data: { _id: layout.id } };
    } catch (error) {
      if (error instanceof LayoutIdentifierTakenError) throw taken(body.identifier);
      throw error;
    }
  }

  /** 0-based pages; `layoutId` narrows the page to that layout (what `@novu/node`'s `layouts.get` asks). */
  @Get()
  @OpenApi({ response: layoutV1PageSchema })
  async list(
    @Req() request: AuthenticatedRequest,
    @Query(new ZodValidationPipe(listLayoutsQuerySchema)) query: ListLayoutsQuery,
  ): Promise<z.infer<typeof layoutV1PageSchema>> {
    const { environmentId } = request.environment;
    const { page, pageSize } = query;
    if (query.layoutId !== undefined) {
      const layout = await this.layouts.find(environmentId, query.layoutId);
      return {
        page,
        pageSize,
        totalCount: layout ? 1 : 0,
        data: layout ? [toLayoutResponse(layout, request.environment)] : [],
      };
    }
    const { records, totalCount } = await this.layouts.list(environmentId, {
      offset: page * pageSize,
      limit: pageSize,
      sortBy: query.sortBy,
      direction: Number(query.orderBy) === 1 ? 'ASC' : 'DESC',
    });
    return { page, pageSize, totalCount, data: records.map((layout) => toLayoutResponse(layout, request.environment)) };
  }

  @Get(':layoutId')
  @OpenApi({ response: layoutV1EnvelopeSchema })
  async get(
    @Req() request: AuthenticatedRequest,
    @Param('layoutId') layoutId: string,
  ): Promise<z.infer<typeof layoutV1EnvelopeSchema>> {
    const layout = await this.layouts.find(request.environment.environmentId, layoutId);
    if (!layout) throw this.notFound(layoutId);
    return { data: toLayoutResponse(layout, request.environment) };
  }

  @Patch(':layoutId')
  @OpenApi({ response: layoutV1EnvelopeSchema })
  async update(
    @Req() request: AuthenticatedRequest,
    @Param('layoutId') layoutId: string,
    @Body(new ZodValidationPipe(updateLayoutBodySchema)) body: UpdateLayoutBody,
  ): Promise<z.infer<typeof layoutV1EnvelopeSchema>> {
    const { environmentId } = request.environment;
    const { isDefault, ...fields } = body;
    let layout: LayoutRecord | undefined;
    try {
      layout = await this.layouts.update(environmentId, layoutId, fields);
    } catch (error) {
      if (error instanceof LayoutIdentifierTakenError) throw taken(fields.identifier ?? layoutId);
      throw error;
    }
    if (!layout) throw this.notFound(layoutId);
    if (isDefault === true && !layout.isDefault) {
      await this.layouts.setDefault(environmentId, layout.id);
      layout = { ...layout, isDefault: true };
    }
    return { data: toLayoutResponse(layout, request.environment) };
  }

  /** Novu keeps the default layout from being deleted: set another one as default first. */
  @Delete(':layoutId')
  @HttpCode(204)
  async delete(@Req() request: AuthenticatedRequest, @Param('layoutId') layoutId: string): Promise<void> {
    const { environmentId } = request.environment;
    const layout = await this.layouts.find(environmentId, layoutId);
    if (!layout) throw this.notFound(layoutId);
    if (layout.isDefault) throw new ConflictException(`Layout ${layoutId} is the default layout and cannot be deleted`);
    await this.layouts.softDelete(environmentId, layout.id);
  }

  @Post(':layoutId/default')
  @HttpCode(204)
  async setDefault(@Req() request: AuthenticatedRequest, @Param('layoutId') layoutId: string): Promise<void> {
    if (!(await this.layouts.setDefault(request.environment.environmentId, layoutId))) throw this.notFound(layoutId);
  }

  private notFound(layoutId: string): NotFoundException {
    return new NotFoundException(`Layout not found for id ${layoutId}`);
  }
}
