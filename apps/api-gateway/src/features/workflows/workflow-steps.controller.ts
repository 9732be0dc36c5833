import { EMAIL_LAYOUT_CONTROL, jsonRecordSchema } from '@herald/contracts';
import { TemplateRenderer } from '@herald/templating';
import { Body, Controller, Get, HttpCode, NotFoundException, Param, Post, Req, UseGuards } from '@nestjs/common';

import { OpenApi } from '../../core/openapi/openapi.decorator';
import { z } from '../../core/openapi/openapi-zod';
import { ApiKeyGuard, AuthenticatedRequest } from '../../pipeline/authentication/api-key.guard';
import { ZodValidationPipe } from '../../pipeline/validation/zod-validation.pipe';
import { LayoutSnapshots, withCurrentLayout } from '../layouts';
import { PreviewRequest, renderStepPreview } from './step-preview';
import type { StoredStep, WorkflowRecord } from './workflow-definition';
import { toStepResponse } from './workflow-response.mapper';
import { stepEnvelopeSchema, stepPreviewEnvelopeSchema } from './workflow-response.schema';
import { stepSlug } from './workflow-slug';
import { WorkflowsService } from './workflows.service';

/** Novu's `GeneratePreviewRequestDto`: control values over the step's, and a sample payload and subscriber. */
const previewBodySchema = z.object({
  controlValues: jsonRecordSchema.optional(),
  previewPayload: z
    .object({
      payload: jsonRecordSchema.optional(),
      subscriber: jsonRecordSchema.optional(),
      actor: jsonRecordSchema.optional(),
      steps: jsonRecordSchema.optional(),
      context: jsonRecordSchema.optional(),
      env: jsonRecordSchema.optional(),
    })
    .optional(),
});

/** A step by its `stepId`, its slug or its `_id`, as Novu resolves `:stepId`. */
function findStep(workflow: WorkflowRecord, ref: string): StoredStep {
  const step = workflow.definition.steps.find(
    (candidate) => candidate.stepId === ref || candidate._id === ref || stepSlug(candidate.name, candidate._id) === ref,
  );
  if (!step) throw new NotFoundException(`Step ${ref} not found in workflow ${workflow.identifier}`);
  return step;
}

/** Novu's v2 step routes: one step of a workflow, and what it would send for a sample. */
@OpenApi({ tag: 'Workflows' })
@Controller('v2/workflows/:workflowId')
@UseGuards(ApiKeyGuard)
export class WorkflowStepsController {
  private readonly renderer = new TemplateRenderer();

  constructor(
    private readonly workflows: WorkflowsService,
    private readonly layouts: LayoutSnapshots,
  ) {}

  @Get('steps/:stepId')
  @OpenApi({ response: stepEnvelopeSchema })
  async get(
    @Req() request: AuthenticatedRequest,
    @Param('workflowId') workflowId: string,
    @Param('stepId') stepId: string,
  ): Promise<z.infer<typeof stepEnvelopeSchema>> {
    const workflow = await this.workflows.get(request.environment.environmentId, workflowId);
    return { data: toStepResponse(workflow, findStep(workflow, stepId)) };
  }

  @Post('step/:stepId/preview')
  @HttpCode(201)
  @OpenApi({ response: stepPreviewEnvelopeSchema })
  async preview(
    @Req() request: AuthenticatedRequest,
    @Param('workflowId') workflowId: string,
    @Param('stepId') stepId: string,
    @Body(new ZodValidationPipe(previewBodySchema)) body: PreviewRequest,
  ): Promise<z.infer<typeof stepPreviewEnvelopeSchema>> {
    const { environmentId } = request.environment;
    const workflow = await this.workflows.get(environmentId, workflowId);
    const step = findStep(workflow, stepId);
    const controls = { ...step.controlValues, ...body.controlValues };
    const layout =
      step.type === 'email'
        ? (await withCurrentLayout(this.layouts, environmentId, { ...step, controlValues: controls }))[
            EMAIL_LAYOUT_CONTROL
          ]
        : undefined;
    return { data: await renderStepPreview(this.renderer, workflow, step, body, layout) };
  }
}
