import { Controller, Get, NotFoundException, Param, Req, UseGuards } from '@nestjs/common';

import { OpenApi } from '../../core/openapi/openapi.decorator';
import { z } from '../../core/openapi/openapi-zod';
import { ApiKeyGuard, AuthenticatedRequest } from '../../pipeline/authentication/api-key.guard';
import { WorkflowRepository } from '../workflows';

/** Novu's `GetEnvironmentTagsDto`. */
const environmentTagSchema = z.object({ name: z.string() }).openapi('GetEnvironmentTagsDto');
const environmentTagsSchema = z.object({ data: z.array(environmentTagSchema) });

/** Novu's v2 environment routes an API key may call: the tags of the environment's workflows. */
@OpenApi({ tag: 'Environments' })
@Controller('v2/environments')
@UseGuards(ApiKeyGuard)
export class EnvironmentsV2Controller {
  constructor(private readonly workflows: WorkflowRepository) {}

  /**
   * The distinct tags of the environment's workflows. Only the key's own environment: any other id
   * (even of the same organization, which Novu would allow to a dashboard user) is Novu's 404.
   */
  @Get(':environmentId/tags')
  @OpenApi({ summary: 'Get environment tags', response: environmentTagsSchema })
  async tags(
    @Req() request: AuthenticatedRequest,
    @Param('environmentId') environmentId: string,
  ): Promise<z.infer<typeof environmentTagsSchema>> {
    if (environmentId !== request.environment.environmentId)
      throw new NotFoundException(`Environment ${environmentId} not found`);
    const tags = await this.workflows.tags(request.environment.environmentId);
    return { data: tags.map((name) => ({ name })) };
  }
}
