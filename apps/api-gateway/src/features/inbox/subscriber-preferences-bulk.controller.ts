import { Body, Controller, Param, Patch, Req, UseGuards } from '@nestjs/common';

import { OpenApi } from '../../core/openapi/openapi.decorator';
import { ApiKeyGuard, AuthenticatedRequest } from '../../pipeline/authentication/api-key.guard';
import { ZodValidationPipe } from '../../pipeline/validation/zod-validation.pipe';
import { SubscriberBulkPreferencesBody, subscriberBulkPreferencesBodySchema } from './inbox-preferences.schema';
import { InboxPreferencesService } from './inbox-preferences.service';
import { inboxPreferenceListSchema } from './inbox-response.schema';
import { subscriberScopeOf } from './subscriber-inbox.controller';

/**
 * `PATCH /v2/subscribers/:subscriberId/preferences/bulk` (`@novu/api`'s
 * `subscribers.preferences.bulkUpdate`): the inbox's bulk preference update with the API key's
 * environment, answering the updated workflows in the inbox's preference shape, as Novu does.
 */
@OpenApi({ tag: 'Subscribers', errorResponses: true })
@Controller('v2/subscribers/:subscriberId/preferences/bulk')
@UseGuards(ApiKeyGuard)
export class SubscriberPreferencesBulkController {
  constructor(private readonly preferences: InboxPreferencesService) {}

  @Patch()
  @OpenApi({ response: inboxPreferenceListSchema })
  update(
    @Req() request: AuthenticatedRequest,
    @Param('subscriberId') subscriberId: string,
    @Body(new ZodValidationPipe(subscriberBulkPreferencesBodySchema)) body: SubscriberBulkPreferencesBody,
  ) {
    return this.preferences.updateMany(
      subscriberScopeOf(request, subscriberId),
      body.preferences.map(({ workflowId, channels }) => ({ workflowId, ...channels })),
    );
  }
}
