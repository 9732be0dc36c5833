import { Controller, Delete, Get, HttpCode, Param, Query, Req, UseGuards } from '@nestjs/common';

import { isUuid } from '../../adapters/trigger-worker-rpc/query-params';
import { TriggerWorkerClient } from '../../adapters/trigger-worker-rpc/trigger-worker.client';
import { GatewayException } from '../../core/errors/gateway.exception';
import { GatewayErrorCode } from '../../core/errors/gateway-error-code';
import { OpenApi } from '../../core/openapi/openapi.decorator';
import { ApiKeyGuard, AuthenticatedRequest } from '../../pipeline/authentication/api-key.guard';
import { ZodValidationPipe } from '../../pipeline/validation/zod-validation.pipe';
import {
  DeleteMessagesByTransactionQuery,
  deleteMessagesByTransactionQuerySchema,
  ListMessagesQuery,
  listMessagesQuerySchema,
} from './message-request.schema';
import { toMessageResponse } from './message-response.mapper';
import { messageDeletedSchema, messagePageSchema } from './message-response.schema';

/** Novu's `/v1/messages` routes, from trigger-worker's delivery read model. */
@OpenApi({ tag: 'Messages' })
@Controller('v1/messages')
@UseGuards(ApiKeyGuard)
export class MessagesController {
  constructor(private readonly worker: TriggerWorkerClient) {}

  /** Delivered messages, newest first, 0-based pages: `{data, page, pageSize, hasMore}`. */
  @Get()
  @OpenApi({ response: messagePageSchema })
  async list(
    @Req() request: AuthenticatedRequest,
    @Query(new ZodValidationPipe(listMessagesQuerySchema)) query: ListMessagesQuery,
  ) {
    const { environmentId, organizationId } = request.environment;
    const { transactionId, ...filters } = query;
    const page = await this.worker.call(environmentId, 'messages.list.v1', {
      ...filters,
      transactionIds: transactionId,
    });
    return { ...page, data: page.data.map((message) => toMessageResponse(message, organizationId)) };
  }

  /** Marks a message deleted (the in-app runner removes it from the inbox). */
  @Delete(':messageId')
  @OpenApi({ response: messageDeletedSchema })
  async delete(@Req() request: AuthenticatedRequest, @Param('messageId') messageId: string) {
    if (!isUuid(messageId))
      throw new GatewayException(GatewayErrorCode.MessageNotFound, `Message ${messageId} not found`);
    return { data: await this.worker.call(request.environment.environmentId, 'messages.delete.v1', { messageId }) };
  }

  /** Marks every message of a transaction (optionally of one channel) deleted; 204 whether or not there were any. */
  @Delete('transaction/:transactionId')
  @HttpCode(204)
  async deleteByTransaction(
    @Req() request: AuthenticatedRequest,
    @Param('transactionId') transactionId: string,
    @Query(new ZodValidationPipe(deleteMessagesByTransactionQuerySchema)) query: DeleteMessagesByTransactionQuery,
  ): Promise<void> {
    await this.worker.call(request.environment.environmentId, 'messages.delete-by-transaction.v1', {
      transactionId,
      channel: query.channel,
    });
  }
}
