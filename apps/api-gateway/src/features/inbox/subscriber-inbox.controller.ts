import { idSchema } from '@herald/contracts';
import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, UseGuards } from '@nestjs/common';

import { InboxRpcClient, InboxScope } from '../../adapters/runner-in-app-rpc/inbox-rpc.client';
import { GatewayException } from '../../core/errors/gateway.exception';
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

/**
 * Novu's v1 inbox routes of a subscriber, proxied to runner-in-app over RPC (which owns the
 * inbox); an RPC that times out or finds no runner is a 503.
 */
@Controller('v1/subscribers/:subscriberId')
@UseGuards(ApiKeyGuard)
export class SubscriberInboxController {
  constructor(private readonly inbox: InboxRpcClient) {}

  @Get('notifications/feed')
  async feed(
    @Req() request: AuthenticatedRequest,
    @Param('subscriberId') subscriberId: string,
    @Query(new ZodValidationPipe(feedQuerySchema)) query: FeedQuery,
  ) {
    const page = await this.inbox.feed({ ...scopeOf(request, subscriberId), ...query });
    return {
      data: page.data.map((message) => toFeedItem(message, request.environment)),
      page: page.page,
      pageSize: page.pageSize,
      hasMore: page.hasMore,
      totalCount: page.totalCount,
    };
  }

  @Get('notifications/unseen')
  async unseen(@Req() request: AuthenticatedRequest, @Param('subscriberId') subscriberId: string) {
    return { data: { count: await this.inbox.unseenCount(scopeOf(request, subscriberId)) } };
  }

  @Post('messages/mark-as')
  @HttpCode(201)
  async markAs(
    @Req() request: AuthenticatedRequest,
    @Param('subscriberId') subscriberId: string,
    @Body(new ZodValidationPipe(markAsBodySchema)) body: MarkAsBody,
  ) {
    const messages = await this.inbox.markAs(scopeOf(request, subscriberId), body.messageId, body.markAs);
    return { data: messages.map((message) => toMessageResponse(message, request.environment)) };
  }

  @Post('messages/mark-all')
  @HttpCode(201)
  async markAll(
    @Req() request: AuthenticatedRequest,
    @Param('subscriberId') subscriberId: string,
    @Body(new ZodValidationPipe(markAllBodySchema)) body: MarkAllBody,
  ) {
    return { data: await this.inbox.markAll(scopeOf(request, subscriberId), body.markAs) };
  }
}

/** The inbox a route is about; a subscriberId no subscriber can have is a 422 here, not a refusal (503) from runner-in-app. */
function scopeOf(request: AuthenticatedRequest, subscriberId: string): InboxScope {
  const checked = idSchema.safeParse(subscriberId);
  if (!checked.success)
    throw GatewayException.invalidField(
      'subscriberId',
      checked.error.issues.map((issue) => issue.message),
      subscriberId,
    );
  return { environmentId: request.environment.environmentId, subscriberId };
}
