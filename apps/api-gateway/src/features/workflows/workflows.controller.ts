import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
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
import {
  CreateWorkflowBody,
  createWorkflowBodySchema,
  ListWorkflowsQuery,
  listWorkflowsQuerySchema,
  PatchWorkflowBody,
  patchWorkflowBodySchema,
  UpdateWorkflowBody,
  updateWorkflowBodySchema,
} from './workflow-request.schema';
import { toWorkflowListItem, toWorkflowResponse } from './workflow-response.mapper';
import { workflowEnvelopeSchema, workflowListSchema } from './workflow-response.schema';
import { WorkflowsService } from './workflows.service';

/** Novu's v2 workflow routes. `:workflowId` may be the identifier, the slug or the `_id`. */
@OpenApi({ tag: 'Workflows' })
@Controller('v2/workflows')
@UseGuards(ApiKeyGuard)
export class WorkflowsController {
  constructor(private readonly workflows: WorkflowsService) {}

  @Post()
  @OpenApi({ response: workflowEnvelopeSchema })
  async create(
    @Req() request: AuthenticatedRequest,
    @Body(new ZodValidationPipe(createWorkflowBodySchema)) body: CreateWorkflowBody,
  ): Promise<z.infer<typeof workflowEnvelopeSchema>> {
    return { data: toWorkflowResponse(await this.workflows.create(request.environment.environmentId, body)) };
  }

  @Get()
  @OpenApi({ response: workflowListSchema })
  async list(
    @Req() request: AuthenticatedRequest,
    @Query(new ZodValidationPipe(listWorkflowsQuerySchema)) query: ListWorkflowsQuery,
  ): Promise<z.infer<typeof workflowListSchema>> {
    const { records, totalCount } = await this.workflows.list(request.environment.environmentId, query);
    return { data: { workflows: records.map(toWorkflowListItem), totalCount } };
  }

  @Get(':workflowId')
  @OpenApi({ response: workflowEnvelopeSchema })
  async get(
    @Req() request: AuthenticatedRequest,
    @Param('workflowId') workflowId: string,
  ): Promise<z.infer<typeof workflowEnvelopeSchema>> {
    return { data: toWorkflowResponse(await this.workflows.get(request.environment.environmentId, workflowId)) };
  }

  @Put(':workflowId')
  @OpenApi({ response: workflowEnvelopeSchema })
  async update(
    @Req() request: AuthenticatedRequest,
    @Param('workflowId') workflowId: string,
    @Body(new ZodValidationPipe(updateWorkflowBodySchema)) body: UpdateWorkflowBody,
  ): Promise<z.infer<typeof workflowEnvelopeSchema>> {
    return {
      data: toWorkflowResponse(await this.workflows.update(request.environment.environmentId, workflowId, body)),
    };
  }

  @Patch(':workflowId')
  @OpenApi({ response: workflowEnvelopeSchema })
  async patch(
    @Req() request: AuthenticatedRequest,
    @Param('workflowId') workflowId: string,
    @Body(new ZodValidationPipe(patchWorkflowBodySchema)) body: PatchWorkflowBody,
  ): Promise<z.infer<typeof workflowEnvelopeSchema>> {
    return {
      data: toWorkflowResponse(await this.workflows.patch(request.environment.environmentId, workflowId, body)),
    };
  }

  @Delete(':workflowId')
  @HttpCode(204)
  async delete(@Req() request: AuthenticatedRequest, @Param('workflowId') workflowId: string): Promise<void> {
    await this.workflows.delete(request.environment.environmentId, workflowId);
  }
}
