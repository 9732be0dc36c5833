import { Body, Controller, Get, Param, Patch, Query, Req, UseGuards } from '@nestjs/common';

import { OpenApi } from '../../core/openapi/openapi.decorator';
import { ApiKeyGuard, AuthenticatedRequest } from '../../pipeline/authentication/api-key.guard';
import { ZodValidationPipe } from '../../pipeline/validation/zod-validation.pipe';
import { SubscriberPreferencesService } from './subscriber-preferences.service';
import {
  PreferenceLevelParams,
  preferenceLevelParamsSchema,
  UpdateGlobalPreferencesBody,
  updateGlobalPreferencesBodySchema,
  UpdateWorkflowPreferenceBody,
  updateWorkflowPreferenceBodySchema,
  V1PreferencesQuery,
  v1PreferencesQuerySchema,
} from './subscriber-request.schema';
import {
  globalPreferenceEnvelopeSchema,
  preferencesByLevelEnvelopeSchema,
  workflowPreferenceEnvelopeSchema,
  workflowPreferencesEnvelopeSchema,
} from './subscriber-v1-response.schema';

/** Novu's v1 preference routes (`@novu/node`'s `subscribers.getPreference…` / `updatePreference…`). */
@OpenApi({ tag: 'Subscribers', errorResponses: true })
@Controller('v1/subscribers/:subscriberId/preferences')
@UseGuards(ApiKeyGuard)
export class SubscriberPreferencesV1Controller {
  constructor(private readonly preferences: SubscriberPreferencesService) {}

  @OpenApi({ response: workflowPreferencesEnvelopeSchema })
  @Get()
  async list(
    @Req() request: AuthenticatedRequest,
    @Param('subscriberId') subscriberId: string,
    @Query(new ZodValidationPipe(v1PreferencesQuerySchema)) query: V1PreferencesQuery,
  ) {
    return {
      data: await this.preferences.listV1(request.environment, subscriberId, query.includeInactiveChannels),
    };
  }

  /** `global` answers a one-element list, as Novu does; `template` the per-workflow list. */
  @OpenApi({ response: preferencesByLevelEnvelopeSchema })
  @Get(':level')
  async byLevel(
    @Req() request: AuthenticatedRequest,
    @Param(new ZodValidationPipe(preferenceLevelParamsSchema)) { subscriberId, level }: PreferenceLevelParams,
  ) {
    return {
      data:
        level === 'global'
          ? [await this.preferences.getV1Global(request.environment, subscriberId)]
          : await this.preferences.listV1(request.environment, subscriberId),
    };
  }

  @OpenApi({ response: globalPreferenceEnvelopeSchema })
  @Patch()
  async updateGlobal(
    @Req() request: AuthenticatedRequest,
    @Param('subscriberId') subscriberId: string,
    @Body(new ZodValidationPipe(updateGlobalPreferencesBodySchema)) body: UpdateGlobalPreferencesBody,
  ) {
    return { data: await this.preferences.updateV1Global(request.environment, subscriberId, body) };
  }

  /** `:workflowId` is the workflow's id or its identifier (Novu's `templateId`). */
  @OpenApi({ response: workflowPreferenceEnvelopeSchema })
  @Patch(':workflowId')
  async updateWorkflow(
    @Req() request: AuthenticatedRequest,
    @Param('subscriberId') subscriberId: string,
    @Param('workflowId') workflowId: string,
    @Body(new ZodValidationPipe(updateWorkflowPreferenceBodySchema)) body: UpdateWorkflowPreferenceBody,
  ) {
    return {
      data: await this.preferences.updateV1Workflow(request.environment, subscriberId, workflowId, body),
    };
  }
}
