import { randomBytes } from 'node:crypto';

import { TemplateRenderer } from '@herald/templating';
import {
  Body,
  ConflictException,
  Controller,
  Delete,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  Post,
  Put,
  Query,
  Req,
  UseGuards,
} from '@nestjs/common';

import { OpenApi } from '../../core/openapi/openapi.decorator';
import type { z } from '../../core/openapi/openapi-zod';
import { ApiKeyGuard, AuthenticatedRequest } from '../../pipeline/authentication/api-key.guard';
import { ZodValidationPipe } from '../../pipeline/validation/zod-validation.pipe';
import { slugify } from '../workflows/workflow-slug';
import { LayoutIdentifierTakenError, LayoutRecord, LayoutRepository } from './layout.repository';
import {
  CreateLayoutV2Body,
  createLayoutV2BodySchema,
  duplicateLayoutV2BodySchema,
  LayoutPreviewBody,
  layoutPreviewBodySchema,
  ListLayoutsV2Query,
  listLayoutsV2QuerySchema,
  UpdateLayoutV2Body,
  updateLayoutV2BodySchema,
} from './layout.schema';
import { renderLayoutPreview } from './layout-preview';
import {
  layoutPreviewEnvelopeSchema,
  layoutUsageSchema,
  layoutV2EnvelopeSchema,
  layoutV2ListSchema,
  LayoutV2Response,
} from './layout-response.schema';

/** What a layout created through v2 starts as: the email body alone (Novu's `{{content}}`). */
const NEW_LAYOUT_CONTENT = '{{content}}';

/** Novu's `LayoutResponseDto`. */
function toLayoutV2Response(layout: LayoutRecord): LayoutV2Response {
  return {
    _id: layout.id,
    layoutId: layout.identifier,
    slug: `${slugify(layout.name) || 'layout'}_ly_${layout.id.replace(/-/g, '').slice(0, 16)}`,
    name: layout.name,
    isDefault: layout.isDefault,
    isTranslationEnabled: false,
    createdAt: layout.createdAt.toISOString(),
    updatedAt: layout.updatedAt.toISOString(),
    origin: 'novu-cloud',
    type: 'REGULAR',
    variables: null,
    controls: { values: { email: { body: layout.content, editorType: 'html' } } },
  };
}

/**
 * Novu's v2 `/layouts` (`@novu/api`'s `layouts`), over the same layouts as `/v1/layouts`: a v2
 * layout's `layoutId` is the v1 identifier, its `controls.values.email.body` the v1 content.
 */
@OpenApi({ tag: 'Layouts' })
@Controller('v2/layouts')
@UseGuards(ApiKeyGuard)
export class LayoutsV2Controller {
  private readonly renderer = new TemplateRenderer();

  constructor(private readonly layouts: LayoutRepository) {}

  @Post()
  @OpenApi({ response: layoutV2EnvelopeSchema })
  async create(
    @Req() request: AuthenticatedRequest,
    @Body(new ZodValidationPipe(createLayoutV2BodySchema)) body: CreateLayoutV2Body,
  ): Promise<z.infer<typeof layoutV2EnvelopeSchema>> {
    return { data: toLayoutV2Response(await this.insert(request, body.layoutId, body.name, NEW_LAYOUT_CONTENT)) };
  }

  @Get()
  @OpenApi({ response: layoutV2ListSchema })
  async list(
    @Req() request: AuthenticatedRequest,
    @Query(new ZodValidationPipe(listLayoutsV2QuerySchema)) query: ListLayoutsV2Query,
  ): Promise<z.infer<typeof layoutV2ListSchema>> {
    const { records, totalCount } = await this.layouts.list(request.environment.environmentId, {
      offset: query.offset,
      limit: query.limit,
      sortBy: query.orderBy,
      direction: query.orderDirection,
      query: query.query,
    });
    return { data: { layouts: records.map(toLayoutV2Response), totalCount } };
  }

  @Get(':layoutId')
  @OpenApi({ response: layoutV2EnvelopeSchema })
  async get(
    @Req() request: AuthenticatedRequest,
    @Param('layoutId') layoutId: string,
  ): Promise<z.infer<typeof layoutV2EnvelopeSchema>> {
    return { data: toLayoutV2Response(await this.find(request, layoutId)) };
  }

  @Put(':layoutId')
  @OpenApi({ response: layoutV2EnvelopeSchema })
  async update(
    @Req() request: AuthenticatedRequest,
    @Param('layoutId') layoutId: string,
    @Body(new ZodValidationPipe(updateLayoutV2BodySchema)) body: UpdateLayoutV2Body,
  ): Promise<z.infer<typeof layoutV2EnvelopeSchema>> {
    const layout = await this.layouts.update(request.environment.environmentId, layoutId, {
      name: body.name,
      content: body.controlValues?.email?.body,
    });
    if (!layout) throw this.notFound(layoutId);
    return { data: toLayoutV2Response(layout) };
  }

  /** Novu keeps the default layout from being deleted. */
  @Delete(':layoutId')
  @HttpCode(204)
  async delete(@Req() request: AuthenticatedRequest, @Param('layoutId') layoutId: string): Promise<void> {
    const layout = await this.find(request, layoutId);
    if (layout.isDefault) throw new ConflictException(`Layout ${layoutId} is the default layout and cannot be deleted`);
    await this.layouts.softDelete(request.environment.environmentId, layout.id);
  }

  /** A copy under a new name; its `layoutId` is the name slugified (with a suffix when taken). */
  @Post(':layoutId/duplicate')
  @OpenApi({ response: layoutV2EnvelopeSchema })
  async duplicate(
    @Req() request: AuthenticatedRequest,
    @Param('layoutId') layoutId: string,
    @Body(new ZodValidationPipe(duplicateLayoutV2BodySchema)) body: { name: string },
  ): Promise<z.infer<typeof layoutV2EnvelopeSchema>> {
    const source = await this.find(request, layoutId);
    const base = slugify(body.name) || 'layout';
    const identifier = (await this.layouts.find(request.environment.environmentId, base))
      ? `${base}-${randomBytes(3).toString('hex')}`
      : base;
    return { data: toLayoutV2Response(await this.insert(request, identifier, body.name, source.content)) };
  }

  /** The layout rendered for a sample subscriber, with a stand-in where the email's body goes. */
  @Post(':layoutId/preview')
  @OpenApi({ response: layoutPreviewEnvelopeSchema })
  async preview(
    @Req() request: AuthenticatedRequest,
    @Param('layoutId') layoutId: string,
    @Body(new ZodValidationPipe(layoutPreviewBodySchema)) body: LayoutPreviewBody,
  ): Promise<z.infer<typeof layoutPreviewEnvelopeSchema>> {
    return { data: await renderLayoutPreview(this.renderer, await this.find(request, layoutId), body) };
  }

  /** The workflows whose email steps use the layout when triggered now. */
  @Get(':layoutId/usage')
  @OpenApi({ response: layoutUsageSchema })
  async usage(
    @Req() request: AuthenticatedRequest,
    @Param('layoutId') layoutId: string,
  ): Promise<z.infer<typeof layoutUsageSchema>> {
    const layout = await this.find(request, layoutId);
    return { data: { workflows: await this.layouts.usage(request.environment.environmentId, layout) } };
  }

  private async insert(request: AuthenticatedRequest, identifier: string, name: string, content: string) {
    try {
      return await this.layouts.create(request.environment.environmentId, { identifier, name, content }, false);
    } catch (error) {
      if (error instanceof LayoutIdentifierTakenError)
        throw new ConflictException(`Layout with layoutId ${identifier} already exists`);
      throw error;
    }
  }

  private async find(request: AuthenticatedRequest, layoutId: string): Promise<LayoutRecord> {
    const layout = await this.layouts.find(request.environment.environmentId, layoutId);
    if (!layout) throw this.notFound(layoutId);
    return layout;
  }

  private notFound(layoutId: string): NotFoundException {
    return new NotFoundException(`Layout not found for id ${layoutId}`);
  }
}
