import { Body, Controller, Delete, HttpCode, Param, Patch, Post, Put, Req, UseGuards } from '@nestjs/common';

import { TriggerWorkerClient } from '../../adapters/trigger-worker-rpc/trigger-worker.client';
import { OpenApi } from '../../core/openapi/openapi.decorator';
import { ApiKeyGuard, AuthenticatedRequest } from '../../pipeline/authentication/api-key.guard';
import { ZodValidationPipe } from '../../pipeline/validation/zod-validation.pipe';
import {
  BulkCreateSubscribersBody,
  bulkCreateSubscribersBodySchema,
  SubscriberCredentialsBody,
  subscriberCredentialsBodySchema,
} from './subscriber-request.schema';

/** Novu's v1 subscriber routes the SDK still calls: bulk create and channel credentials. */
@OpenApi({ tag: 'Subscribers' })
@Controller('v1/subscribers')
@UseGuards(ApiKeyGuard)
export class SubscribersV1Controller {
  constructor(private readonly worker: TriggerWorkerClient) {}

  /** Upserts up to 500 subscribers: `{created, updated, failed}` by subscriberId. */
  @Post('bulk')
  async bulkCreate(
    @Req() request: AuthenticatedRequest,
    @Body(new ZodValidationPipe(bulkCreateSubscribersBodySchema)) body: BulkCreateSubscribersBody,
  ) {
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
  replaceCredentials(
    @Req() request: AuthenticatedRequest,
    @Param('subscriberId') subscriberId: string,
    @Body(new ZodValidationPipe(subscriberCredentialsBodySchema)) body: SubscriberCredentialsBody,
  ) {
    return this.setCredentials(request, subscriberId, body, 'replace');
  }

  /** Merges into one provider's credentials; device tokens are added to the ones already there. */
  @Patch(':subscriberId/credentials')
  appendCredentials(
    @Req() request: AuthenticatedRequest,
    @Param('subscriberId') subscriberId: string,
    @Body(new ZodValidationPipe(subscriberCredentialsBodySchema)) body: SubscriberCredentialsBody,
  ) {
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
  ) {
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
