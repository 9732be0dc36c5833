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

import { TriggerWorkerClient } from '../../adapters/trigger-worker-rpc/trigger-worker.client';
import { OpenApi } from '../../core/openapi/openapi.decorator';
import type { z } from '../../core/openapi/openapi-zod';
import { ApiKeyGuard, AuthenticatedRequest } from '../../pipeline/authentication/api-key.guard';
import { ZodValidationPipe } from '../../pipeline/validation/zod-validation.pipe';
import {
  BulkCreateSubscribersBody,
  bulkCreateSubscribersBodySchema,
  IdentifySubscriberBody,
  identifySubscriberBodySchema,
  ListSubscribersQuery,
  listSubscribersQuerySchema,
  OnlineStatusBody,
  onlineStatusBodySchema,
  SubscriberCredentialsBody,
  subscriberCredentialsBodySchema,
  UpdateSubscriberBody,
  updateSubscriberBodySchema,
} from './subscriber-request.schema';
import { bulkCreateSubscribersResponseSchema } from './subscriber-response.schema';
import {
  deleteSubscriberEnvelopeSchema,
  subscriberEnvelopeSchema,
  subscribersPageSchema,
} from './subscriber-v1-response.schema';

/**
 * Novu's v1 subscriber routes, as `@novu/node` 2.x calls them: identify (upsert), list, get,
 * update, delete, online status, bulk create and channel credentials.
 */
@OpenApi({ tag: 'Subscribers', errorResponses: true })
@Controller('v1/subscribers')
@UseGuards(ApiKeyGuard)
export class SubscribersV1Controller {
  constructor(private readonly worker: TriggerWorkerClient) {}

  /** Creates the subscriber or updates the one with this `subscriberId` (`identify`); 201 either way, as in Novu. */
  @OpenApi({ response: subscriberEnvelopeSchema })
  @Post()
  async identify(
    @Req() request: AuthenticatedRequest,
    @Body(new ZodValidationPipe(identifySubscriberBodySchema)) body: IdentifySubscriberBody,
  ) {
    const { environmentId, organizationId } = request.environment;
    return {
      data: await this.worker.call(environmentId, 'subscribers.create.v1', {
        organizationId,
        subscriber: body,
        failIfExists: false,
      }),
    };
  }

  /** Novu's offset page `{ page, hasMore, pageSize, totalCount, data }`, oldest first; sent unwrapped, as Novu does. */
  @OpenApi({ response: subscribersPageSchema })
  @Get()
  async list(
    @Req() request: AuthenticatedRequest,
    @Query(new ZodValidationPipe(listSubscribersQuerySchema)) query: ListSubscribersQuery,
  ) {
    return this.worker.call(request.environment.environmentId, 'subscribers.list.v1', {
      page: query.page,
      limit: query.limit,
    });
  }

  @OpenApi({ response: subscriberEnvelopeSchema })
  @Get(':subscriberId')
  async get(@Req() request: AuthenticatedRequest, @Param('subscriberId') subscriberId: string) {
    return { data: await this.worker.call(request.environment.environmentId, 'subscribers.get.v1', { subscriberId }) };
  }

  /** Applies the given profile fields to an existing subscriber (404 when there is none). */
  @OpenApi({ response: subscriberEnvelopeSchema })
  @Put(':subscriberId')
  async update(
    @Req() request: AuthenticatedRequest,
    @Param('subscriberId') subscriberId: string,
    @Body(new ZodValidationPipe(updateSubscriberBodySchema)) body: UpdateSubscriberBody,
  ) {
    return {
      data: await this.worker.call(request.environment.environmentId, 'subscribers.update.v1', {
        subscriberId,
        patch: body,
      }),
    };
  }

  /** Deletes the subscriber with its credentials, preferences and topic memberships; its history stays. */
  @OpenApi({ response: deleteSubscriberEnvelopeSchema })
  @Delete(':subscriberId')
  async delete(@Req() request: AuthenticatedRequest, @Param('subscriberId') subscriberId: string) {
    return {
      data: await this.worker.call(request.environment.environmentId, 'subscribers.delete.v1', { subscriberId }),
    };
  }

  /** Stores `isOnline`; going offline stamps `lastOnlineAt`. */
  @OpenApi({ response: subscriberEnvelopeSchema })
  @Patch(':subscriberId/online-status')
  async updateOnlineStatus(
    @Req() request: AuthenticatedRequest,
    @Param('subscriberId') subscriberId: string,
    @Body(new ZodValidationPipe(onlineStatusBodySchema)) body: OnlineStatusBody,
  ) {
    return {
      data: await this.worker.call(request.environment.environmentId, 'subscribers.online-status.v1', {
        subscriberId,
        isOnline: body.isOnline,
      }),
    };
  }

  /** Upserts up to 500 subscribers: `{created, updated, failed}` by subscriberId. */
  @Post('bulk')
  @OpenApi({ response: bulkCreateSubscribersResponseSchema })
  async bulkCreate(
    @Req() request: AuthenticatedRequest,
    @Body(new ZodValidationPipe(bulkCreateSubscribersBodySchema)) body: BulkCreateSubscribersBody,
  ): Promise<z.infer<typeof bulkCreateSubscribersResponseSchema>> {
    const { environmentId, organizationId } = request.environment;
    return {
      data: await this.worker.call(environmentId, 'subscribers.bulk-create.v1', {
        organizationId,
        subscribers: body.subscribers,
      }),
    };
  }

  /** Replaces one provider's credentials. */
  @Put(':subscriberId/credentials')
  @OpenApi({ response: subscriberEnvelopeSchema })
  replaceCredentials(
    @Req() request: AuthenticatedRequest,
    @Param('subscriberId') subscriberId: string,
    @Body(new ZodValidationPipe(subscriberCredentialsBodySchema)) body: SubscriberCredentialsBody,
  ): Promise<z.infer<typeof subscriberEnvelopeSchema>> {
    return this.setCredentials(request, subscriberId, body, 'replace');
  }

  /** Merges into one provider's credentials; device tokens are added to the ones already there. */
  @Patch(':subscriberId/credentials')
  @OpenApi({ response: subscriberEnvelopeSchema })
  appendCredentials(
    @Req() request: AuthenticatedRequest,
    @Param('subscriberId') subscriberId: string,
    @Body(new ZodValidationPipe(subscriberCredentialsBodySchema)) body: SubscriberCredentialsBody,
  ): Promise<z.infer<typeof subscriberEnvelopeSchema>> {
    return this.setCredentials(request, subscriberId, body, 'append');
  }

  /** Removes a provider's credentials (of every integration of that provider). */
  @Delete(':subscriberId/credentials/:providerId')
  @HttpCode(204)
  async deleteCredentials(
    @Req() request: AuthenticatedRequest,
    @Param('subscriberId') subscriberId: string,
    @Param('providerId') providerId: string,
  ): Promise<void> {
    await this.worker.call(request.environment.environmentId, 'subscribers.credentials.delete.v1', {
      subscriberId,
      providerId,
    });
  }

  private async setCredentials(
    request: AuthenticatedRequest,
    subscriberId: string,
    body: SubscriberCredentialsBody,
    mode: 'replace' | 'append',
  ): Promise<z.infer<typeof subscriberEnvelopeSchema>> {
    const { providerId, credentials, integrationIdentifier } = body;
    return {
      data: await this.worker.call(request.environment.environmentId, 'subscribers.credentials.set.v1', {
        subscriberId,
        providerId,
        credentials,
        integrationIdentifier,
        mode,
      }),
    };
  }
}
