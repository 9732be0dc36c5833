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
import { WorkflowsService } from './workflows.service';

/** Novu's v2 workflow routes. `:workflowId` may be the identifier, the slug or the `_id`. */
@Controller('v2/workflows')
@UseGuards(ApiKeyGuard)
export class WorkflowsController {
  constructor(private readonly workflows: WorkflowsService) {}

  @Post()
  async create(
    @Req() request: AuthenticatedRequest,
    @Body(new ZodValidationPipe(createWorkflowBodySchema)) body: CreateWorkflowBody,
  ) {
    return { data: toWorkflowResponse(await this.workflows.create(request.environment.environmentId, body)) };
  }

  @Get()
  async list(
    @Req() request: AuthenticatedRequest,
    @Query(new ZodValidationPipe(listWorkflowsQuerySchema)) query: ListWorkflowsQuery,
  ) {
    const { records, totalCount } = await this.workflows.list(request.environment.environmentId, query);
    return { data: { workflows: records.map(toWorkflowListItem), totalCount } };
  }

  @Get(':workflowId')
  async get(@Req() request: AuthenticatedRequest, @Param('workflowId') workflowId: string) {
    return { data: toWorkflowResponse(await this.workflows.get(request.environment.environmentId, workflowId)) };
  }

  @Put(':workflowId')
  async update(
    @Req() request: AuthenticatedRequest,
    @Param('workflowId') workflowId: string,
    @Body(new ZodValidationPipe(updateWorkflowBodySchema)) body: UpdateWorkflowBody,
  ) {
    return {
      data: toWorkflowResponse(await this.workflows.update(request.environment.environmentId, workflowId, body)),
    };
  }

  @Patch(':workflowId')
  async patch(
    @Req() request: AuthenticatedRequest,
    @Param('workflowId') workflowId: string,
    @Body(new ZodValidationPipe(patchWorkflowBodySchema)) body: PatchWorkflowBody,
  ) {
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
