import { Body, Controller, Get, Param, Patch, Query, Req, UseGuards } from '@nestjs/common';

import { OpenApi } from '../../core/openapi/openapi.decorator';
import type { z } from '../../core/openapi/openapi-zod';
import { ApiKeyGuard, AuthenticatedRequest } from '../../pipeline/authentication/api-key.guard';
import { ZodValidationPipe } from '../../pipeline/validation/zod-validation.pipe';
import { SubscriberPreferencesService } from './subscriber-preferences.service';
import {
  PatchSubscriberPreferencesBody,
  patchSubscriberPreferencesBodySchema,
  SubscriberPreferencesQuery,
  subscriberPreferencesQuerySchema,
} from './subscriber-request.schema';
import { subscriberPreferencesEnvelopeSchema } from './subscriber-response.schema';

/** `GET|PATCH /v2/subscribers/:subscriberId/preferences`, in Novu's `GetSubscriberPreferencesDto` shape. */
@OpenApi({ tag: 'Subscribers' })
@Controller('v2/subscribers/:subscriberId/preferences')
@UseGuards(ApiKeyGuard)
export class SubscriberPreferencesController {
  constructor(private readonly preferences: SubscriberPreferencesService) {}

  @Get()
  @OpenApi({ response: subscriberPreferencesEnvelopeSchema })
  async get(
    @Req() request: AuthenticatedRequest,
    @Param('subscriberId') subscriberId: string,
    @Query(new ZodValidationPipe(subscriberPreferencesQuerySchema)) query: SubscriberPreferencesQuery,
  ): Promise<z.infer<typeof subscriberPreferencesEnvelopeSchema>> {
    return { data: await this.preferences.get(request.environment, subscriberId, query) };
  }

  @Patch()
  @OpenApi({ response: subscriberPreferencesEnvelopeSchema })
  async update(
    @Req() request: AuthenticatedRequest,
    @Param('subscriberId') subscriberId: string,
    @Body(new ZodValidationPipe(patchSubscriberPreferencesBodySchema)) body: PatchSubscriberPreferencesBody,
  ): Promise<z.infer<typeof subscriberPreferencesEnvelopeSchema>> {
    return { data: await this.preferences.update(request.environment, subscriberId, body) };
  }
}
