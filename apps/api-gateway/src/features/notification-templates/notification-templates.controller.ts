import { randomBytes } from 'node:crypto';

import { Body, Controller, Delete, Get, Param, Post, Put, Query, Req, UseGuards } from '@nestjs/common';

import { GatewayException } from '../../core/errors/gateway.exception';
import { OpenApi } from '../../core/openapi/openapi.decorator';
import type { z } from '../../core/openapi/openapi-zod';
import { ApiKeyGuard, AuthenticatedRequest } from '../../pipeline/authentication/api-key.guard';
import { parseRequest } from '../../pipeline/validation/parse-request';
import { ZodValidationPipe } from '../../pipeline/validation/zod-validation.pipe';
import { WorkflowRepository } from '../workflows/workflow.repository';
import {
  createWorkflowBodySchema,
  listWorkflowsQuerySchema,
  updateWorkflowBodySchema,
} from '../workflows/workflow-request.schema';
import { slugify } from '../workflows/workflow-slug';
import { WorkflowsService } from '../workflows/workflows.service';
import { storedStepBody, toNotificationTemplate, toPreferences, toWorkflowStep } from './notification-template.mapper';
import {
  CreateTemplateBody,
  createTemplateBodySchema,
  ListTemplatesQuery,
  listTemplatesQuerySchema,
  notificationTemplateDeletedSchema,
  notificationTemplateEnvelopeSchema,
  notificationTemplatePageSchema,
  templateStatusBodySchema,
  UpdateTemplateBody,
  updateTemplateBodySchema,
} from './notification-template.schema';

/** Validates the v2 body a v1 request maps to: every v2 rule applies, and a 422 names the v2 field. */
function asWorkflowBody<S extends typeof createWorkflowBodySchema | typeof updateWorkflowBodySchema>(
  schema: S,
  body: Record<string, unknown>,
) {
  const parsed = parseRequest(schema, body);
  if (!parsed.ok) throw GatewayException.requestValidation(parsed.errors);
  return parsed.value;
}

/**
 * Novu's v1 `/notification-templates` (`@novu/node`'s `notificationTemplates`): Herald's workflows in
 * the v1 shape. A template's `triggers[0].identifier` is the workflow's id (its name slugified on
 * create); `:templateId` may be the `_id`, the identifier or the slug.
 */
@OpenApi({ tag: 'Workflows' })
@Controller('v1/notification-templates')
@UseGuards(ApiKeyGuard)
export class NotificationTemplatesController {
  constructor(
    private readonly workflows: WorkflowsService,
    private readonly repository: WorkflowRepository,
  ) {}

  @Get()
  @OpenApi({ response: notificationTemplatePageSchema })
  async list(
    @Req() request: AuthenticatedRequest,
    @Query(new ZodValidationPipe(listTemplatesQuerySchema)) query: ListTemplatesQuery,
  ): Promise<z.infer<typeof notificationTemplatePageSchema>> {
    const { records, totalCount } = await this.workflows.list(
      request.environment.environmentId,
      listWorkflowsQuerySchema.parse({ limit: query.limit, offset: query.page * query.limit, query: query.query }),
    );
    return {
      page: query.page,
      pageSize: query.limit,
      totalCount,
      data: records.map((record) => toNotificationTemplate(record, request.environment)),
    };
  }

  @Get(':templateId')
  @OpenApi({ response: notificationTemplateEnvelopeSchema })
  async get(
    @Req() request: AuthenticatedRequest,
    @Param('templateId') templateId: string,
  ): Promise<z.infer<typeof notificationTemplateEnvelopeSchema>> {
    const record = await this.workflows.get(request.environment.environmentId, templateId);
    return { data: toNotificationTemplate(record, request.environment) };
  }

  @Post()
  @OpenApi({ response: notificationTemplateEnvelopeSchema })
  async create(
    @Req() request: AuthenticatedRequest,
    @Body(new ZodValidationPipe(createTemplateBodySchema)) body: CreateTemplateBody,
  ): Promise<z.infer<typeof notificationTemplateEnvelopeSchema>> {
    const { environmentId } = request.environment;
    const workflowId = await this.freeIdentifier(environmentId, body.name);
    const critical = body.critical ?? false;
    const record = await this.workflows.create(
      environmentId,
      asWorkflowBody(createWorkflowBodySchema, {
        workflowId,
        name: body.name,
        description: body.description,
        tags: body.tags,
        critical,
        // Novu creates a template active unless it is a draft.
        active: body.active ?? !(body.draft ?? false),
        steps: (body.steps ?? []).map(toWorkflowStep),
        ...(body.preferenceSettings ? { preferences: toPreferences(body.preferenceSettings, critical) } : {}),
      }),
    );
    return { data: toNotificationTemplate(record, request.environment) };
  }

  /** Fields sent replace the stored ones; `steps`, when sent, replace every step. */
  @Put(':templateId')
  @OpenApi({ response: notificationTemplateEnvelopeSchema })
  async update(
    @Req() request: AuthenticatedRequest,
    @Param('templateId') templateId: string,
    @Body(new ZodValidationPipe(updateTemplateBodySchema)) body: UpdateTemplateBody,
  ): Promise<z.infer<typeof notificationTemplateEnvelopeSchema>> {
    const { environmentId } = request.environment;
    const current = await this.workflows.get(environmentId, templateId);
    const { definition } = current;
    const critical = body.critical ?? definition.critical;
    const record = await this.workflows.update(
      environmentId,
      current.id,
      asWorkflowBody(updateWorkflowBodySchema, {
        name: body.name ?? definition.name,
        description: body.description ?? definition.description,
        tags: body.tags ?? definition.tags,
        critical,
        severity: definition.severity,
        isTranslationEnabled: definition.isTranslationEnabled,
        validatePayload: definition.validatePayload,
        payloadSchema: definition.payloadSchema,
        active: body.active ?? definition.active,
        steps: body.steps ? body.steps.map(toWorkflowStep) : definition.steps.map(storedStepBody),
        preferences: body.preferenceSettings
          ? { user: definition.preferences.user, ...toPreferences(body.preferenceSettings, critical) }
          : { user: definition.preferences.user, workflow: definition.preferences.workflow },
      }),
    );
    return { data: toNotificationTemplate(record, request.environment) };
  }

  @Put(':templateId/status')
  @OpenApi({ response: notificationTemplateEnvelopeSchema })
  async status(
    @Req() request: AuthenticatedRequest,
    @Param('templateId') templateId: string,
    @Body(new ZodValidationPipe(templateStatusBodySchema)) body: { active: boolean },
  ): Promise<z.infer<typeof notificationTemplateEnvelopeSchema>> {
    const record = await this.workflows.patch(request.environment.environmentId, templateId, { active: body.active });
    return { data: toNotificationTemplate(record, request.environment) };
  }

  @Delete(':templateId')
  @OpenApi({ response: notificationTemplateDeletedSchema })
  async delete(
    @Req() request: AuthenticatedRequest,
    @Param('templateId') templateId: string,
  ): Promise<z.infer<typeof notificationTemplateDeletedSchema>> {
    await this.workflows.delete(request.environment.environmentId, templateId);
    return { data: true };
  }

  /** The name slugified (Novu's trigger identifier), with a random suffix when that is taken. */
  private async freeIdentifier(environmentId: string, name: string): Promise<string> {
    const base = slugify(name) || 'workflow';
    if (!(await this.repository.find(environmentId, base))) return base;
    return `${base}-${randomBytes(3).toString('hex')}`;
  }
}
