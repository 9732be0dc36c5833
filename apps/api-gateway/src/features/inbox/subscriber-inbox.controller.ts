import { idSchema } from '@herald/contracts';
import { Body, Controller, Get, HttpCode, NotFoundException, Param, Post, Query, Req, UseGuards } from '@nestjs/common';

import { InboxRpcClient, InboxScope } from '../../adapters/runner-in-app-rpc/inbox-rpc.client';
import { GatewayException } from '../../core/errors/gateway.exception';
import { OpenApi } from '../../core/openapi/openapi.decorator';
import { ApiKeyGuard, AuthenticatedRequest } from '../../pipeline/authentication/api-key.guard';
import { ZodValidationPipe } from '../../pipeline/validation/zod-validation.pipe';
import {
  FeedQuery,
  feedQuerySchema,
  MarkAllBody,
  markAllBodySchema,
  MarkAsBody,
  markAsBodySchema,
} from './inbox-request.schema';
import { toFeedItem, toMessageResponse } from './inbox-response.mapper';
import {
  buttonTypeSchema,
  LegacyMarkAsBody,
  legacyMarkAsBodySchema,
  MessageActionBody,
  messageActionBodySchema,
  v1FeedPageSchema,
  v1MarkedCountSchema,
  v1MessageEnvelopeSchema,
  v1MessagesEnvelopeSchema,
  v1UnseenCountSchema,
} from './subscriber-notifications.schema';

/**
 * Novu's v1 inbox routes of a subscriber, proxied to runner-in-app over RPC (which owns the
 * inbox); an RPC that times out or finds no runner is a 503.
 */
@Controller('v1/subscribers/:subscriberId')
@UseGuards(ApiKeyGuard)
export class SubscriberInboxController {
  constructor(private readonly inbox: InboxRpcClient) {}

  @Get('notifications/feed')
  @OpenApi({ response: v1FeedPageSchema })
  async feed(
    @Req() request: AuthenticatedRequest,
    @Param('subscriberId') subscriberId: string,
    @Query(new ZodValidationPipe(feedQuerySchema)) query: FeedQuery,
  ) {
    const page = await this.inbox.feed({ ...subscriberScopeOf(request, subscriberId), ...query });
    return {
      data: page.data.map((message) => toFeedItem(message, request.environment)),
      page: page.page,
      pageSize: page.pageSize,
      hasMore: page.hasMore,
      totalCount: page.totalCount,
    };
  }

  @Get('notifications/unseen')
  @OpenApi({ response: v1UnseenCountSchema })
  async unseen(@Req() request: AuthenticatedRequest, @Param('subscriberId') subscriberId: string) {
    return { data: { count: await this.inbox.unseenCount(subscriberScopeOf(request, subscriberId)) } };
  }

  @Post('messages/mark-as')
  @HttpCode(201)
  @OpenApi({ response: v1MessagesEnvelopeSchema })
  async markAs(
    @Req() request: AuthenticatedRequest,
    @Param('subscriberId') subscriberId: string,
    @Body(new ZodValidationPipe(markAsBodySchema)) body: MarkAsBody,
  ) {
    const messages = await this.inbox.markAs(subscriberScopeOf(request, subscriberId), body.messageId, body.markAs);
    return { data: messages.map((message) => toMessageResponse(message, request.environment)) };
  }

  /**
   * Novu's legacy `markAs` (`@novu/node`'s `markMessageAs`, `markMessageRead`, `markMessageSeen`):
   * the same inbox marks as `mark-as`, each applied in turn; answers the messages afterwards.
   */
  @Post('messages/markAs')
  @HttpCode(201)
  @OpenApi({ response: v1MessagesEnvelopeSchema, errorResponses: true })
  async legacyMarkAs(
    @Req() request: AuthenticatedRequest,
    @Param('subscriberId') subscriberId: string,
    @Body(new ZodValidationPipe(legacyMarkAsBodySchema)) body: LegacyMarkAsBody,
  ) {
    const scope = subscriberScopeOf(request, subscriberId);
    let messages: Awaited<ReturnType<InboxRpcClient['markAs']>> = [];
    for (const mark of body.marks) messages = await this.inbox.markAs(scope, body.messageIds, mark);
    return { data: messages.map((message) => toMessageResponse(message, request.environment)) };
  }

  /**
   * Novu's `markMessageActionSeen`: `done` completes the button, `pending` reverts it — the inbox's
   * own `complete` / `revert` (decision 0034). A message of another subscriber or environment is a 404.
   */
  @Post('messages/:messageId/actions/:type')
  @HttpCode(201)
  @OpenApi({ response: v1MessageEnvelopeSchema, errorResponses: true })
  async messageAction(
    @Req() request: AuthenticatedRequest,
    @Param('subscriberId') subscriberId: string,
    @Param('messageId') messageId: string,
    @Param('type') type: string,
    @Body(new ZodValidationPipe(messageActionBodySchema)) body: MessageActionBody,
  ) {
    const scope = subscriberScopeOf(request, subscriberId);
    const actionType = buttonTypeSchema.safeParse(type);
    if (!actionType.success) throw GatewayException.invalidField('type', ['must be primary or secondary'], type);
    checkMessageId(messageId);
    const result = await this.inbox.update(scope, {
      notificationId: messageId,
      action: body.status === 'done' ? 'complete' : 'revert',
      actionType: actionType.data,
    });
    if (!result.data) throw new NotFoundException(`Message not found: "${messageId}"`);
    return { data: toMessageResponse(result.data, request.environment) };
  }

  @Post('messages/mark-all')
  @HttpCode(201)
  @OpenApi({ response: v1MarkedCountSchema })
  async markAll(
    @Req() request: AuthenticatedRequest,
    @Param('subscriberId') subscriberId: string,
    @Body(new ZodValidationPipe(markAllBodySchema)) body: MarkAllBody,
  ) {
    return { data: await this.inbox.markAll(subscriberScopeOf(request, subscriberId), body.markAs) };
  }
}

/** An id no message can have is a 422 here, not a refusal (503) from runner-in-app's contract. */
function checkMessageId(messageId: string): void {
  const checked = idSchema.safeParse(messageId);
  if (!checked.success)
    throw GatewayException.invalidField(
      'messageId',
      checked.error.issues.map((issue) => issue.message),
      messageId,
    );
}

/** The inbox a route is about; a subscriberId no subscriber can have is a 422 here, not a refusal (503) from runner-in-app. */
export function subscriberScopeOf(request: AuthenticatedRequest, subscriberId: string): InboxScope {
  const checked = idSchema.safeParse(subscriberId);
  if (!checked.success)
    throw GatewayException.invalidField(
      'subscriberId',
      checked.error.issues.map((issue) => issue.message),
      subscriberId,
    );
  return { environmentId: request.environment.environmentId, subscriberId };
}
