import { Body, Controller, Get, Param, Patch, Query, Req, UseGuards } from '@nestjs/common';

import { OpenApi } from '../../core/openapi/openapi.decorator';
import { InboxRequest, inboxScopeOf, InboxTokenGuard } from '../../pipeline/authentication/inbox-token.guard';
import { ZodValidationPipe } from '../../pipeline/validation/zod-validation.pipe';
import {
  BulkPreferencesBody,
  bulkPreferencesBodySchema,
  ChannelPreferencesBody,
  channelPreferencesBodySchema,
  InboxPreferencesQuery,
  inboxPreferencesQuerySchema,
} from './inbox-preferences.schema';
import { InboxPreferencesService } from './inbox-preferences.service';
import { inboxPreferenceEnvelopeSchema, inboxPreferenceListSchema } from './inbox-response.schema';

/** Novu's `/v1/inbox/preferences` routes for the session's subscriber (decision 0034). */
@OpenApi({ tag: 'Inbox' })
@Controller('v1/inbox/preferences')
@UseGuards(InboxTokenGuard)
export class InboxPreferencesController {
  constructor(private readonly preferences: InboxPreferencesService) {}

  @Get()
  @OpenApi({ response: inboxPreferenceListSchema })
  list(
    @Req() request: InboxRequest,
    @Query(new ZodValidationPipe(inboxPreferencesQuerySchema)) query: InboxPreferencesQuery,
  ) {
    return this.preferences.list(inboxScopeOf(request), query);
  }

  @Get('global')
  @OpenApi({ response: inboxPreferenceEnvelopeSchema })
  global(@Req() request: InboxRequest) {
    return this.preferences.getGlobal(inboxScopeOf(request));
  }

  @Patch()
  @OpenApi({ response: inboxPreferenceEnvelopeSchema })
  updateGlobal(
    @Req() request: InboxRequest,
    @Body(new ZodValidationPipe(channelPreferencesBodySchema)) body: ChannelPreferencesBody,
  ) {
    return this.preferences.updateGlobal(inboxScopeOf(request), body);
  }

  // Declared before ':workflowId' so "bulk" is never taken for a workflow.
  @Patch('bulk')
  @OpenApi({ response: inboxPreferenceListSchema })
  bulk(
    @Req() request: InboxRequest,
    @Body(new ZodValidationPipe(bulkPreferencesBodySchema)) body: BulkPreferencesBody,
  ) {
    return this.preferences.bulk(inboxScopeOf(request), body.preferences);
  }

  @Patch(':workflowId')
  @OpenApi({ response: inboxPreferenceEnvelopeSchema })
  updateWorkflow(
    @Req() request: InboxRequest,
    @Param('workflowId') workflowId: string,
    @Body(new ZodValidationPipe(channelPreferencesBodySchema)) body: ChannelPreferencesBody,
  ) {
    return this.preferences.updateWorkflow(inboxScopeOf(request), workflowId, body);
  }
}
