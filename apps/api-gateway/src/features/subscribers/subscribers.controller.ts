import {
  Body,
  ConflictException,
  Controller,
  Delete,
  Get,
  Param,
  Patch,
  Post,
  Query,
  Req,
  UseGuards,
} from '@nestjs/common';

import { TriggerWorkerClient } from '../../adapters/trigger-worker-rpc/trigger-worker.client';
import { GatewayException } from '../../core/errors/gateway.exception';
import { GatewayErrorCode } from '../../core/errors/gateway-error-code';
import { OpenApi } from '../../core/openapi/openapi.decorator';
import type { z } from '../../core/openapi/openapi-zod';
import { ApiKeyGuard, AuthenticatedRequest } from '../../pipeline/authentication/api-key.guard';
import { ZodValidationPipe } from '../../pipeline/validation/zod-validation.pipe';
import {
  CreateSubscriberBody,
  createSubscriberBodySchema,
  createSubscriberQuerySchema,
  PatchSubscriberBody,
  patchSubscriberBodySchema,
  SearchSubscribersQuery,
  searchSubscribersQuerySchema,
} from './subscriber-request.schema';
import {
  subscriberCursorPageSchema,
  subscriberDeletedSchema,
  subscriberV2EnvelopeSchema,
} from './subscriber-response.schema';

/** Novu's v2 subscriber routes; the subscribers live in trigger-worker, reached over RPC. */
@OpenApi({ tag: 'Subscribers' })
@Controller('v2/subscribers')
@UseGuards(ApiKeyGuard)
export class SubscribersController {
  constructor(private readonly worker: TriggerWorkerClient) {}

  /** Creates or updates (Novu's upsert); `?failIfExists=true` makes an existing subscriber a 409 carrying it. */
  @Post()
  @OpenApi({ response: subscriberV2EnvelopeSchema })
  async create(
    @Req() request: AuthenticatedRequest,
    @Body(new ZodValidationPipe(createSubscriberBodySchema)) body: CreateSubscriberBody,
    @Query(new ZodValidationPipe(createSubscriberQuerySchema)) query: { failIfExists: boolean },
  ): Promise<z.infer<typeof subscriberV2EnvelopeSchema>> {
    const { environmentId, organizationId } = request.environment;
    try {
      return {
        data: await this.worker.call(environmentId, 'subscribers.create.v1', {
          organizationId,
          subscriber: body,
          failIfExists: query.failIfExists,
        }),
      };
    } catch (error) {
      if (!(error instanceof GatewayException) || error.code !== GatewayErrorCode.SubscriberExists) throw error;
      // Novu's 409 body is the existing subscriber (the SDK parses it as `SubscriberResponseDto`).
      const existing = await this.worker.find(environmentId, 'subscribers.get.v1', { subscriberId: body.subscriberId });
      throw new ConflictException({ ...existing, message: `Subscriber "${body.subscriberId}" already exists` });
    }
  }

  @Get()
  @OpenApi({ response: subscriberCursorPageSchema })
  async search(
    @Req() request: AuthenticatedRequest,
    @Query(new ZodValidationPipe(searchSubscribersQuerySchema)) query: SearchSubscribersQuery,
  ): Promise<z.infer<typeof subscriberCursorPageSchema>> {
    const { after, before, limit, orderDirection, email, phone, subscriberId, name } = query;
    // A cursor page has more keys than `data`, so it is sent unwrapped, as Novu does.
    return this.worker.call(request.environment.environmentId, 'subscribers.search.v1', {
      after,
      before,
      limit,
      orderDirection,
      email,
      phone,
      subscriberId,
      name,
    });
  }

  @Get(':subscriberId')
  @OpenApi({ response: subscriberV2EnvelopeSchema })
  async get(
    @Req() request: AuthenticatedRequest,
    @Param('subscriberId') subscriberId: string,
  ): Promise<z.infer<typeof subscriberV2EnvelopeSchema>> {
    return { data: await this.worker.call(request.environment.environmentId, 'subscribers.get.v1', { subscriberId }) };
  }

  @Patch(':subscriberId')
  @OpenApi({ response: subscriberV2EnvelopeSchema })
  async patch(
    @Req() request: AuthenticatedRequest,
    @Param('subscriberId') subscriberId: string,
    @Body(new ZodValidationPipe(patchSubscriberBodySchema)) body: PatchSubscriberBody,
  ): Promise<z.infer<typeof subscriberV2EnvelopeSchema>> {
    return {
      data: await this.worker.call(request.environment.environmentId, 'subscribers.update.v1', {
        subscriberId,
        patch: body,
      }),
    };
  }

  /** Deletes the subscriber with its credentials, preferences and topic memberships; its history stays. */
  @Delete(':subscriberId')
  @OpenApi({ response: subscriberDeletedSchema })
  async delete(
    @Req() request: AuthenticatedRequest,
    @Param('subscriberId') subscriberId: string,
  ): Promise<z.infer<typeof subscriberDeletedSchema>> {
    return {
      data: await this.worker.call(request.environment.environmentId, 'subscribers.delete.v1', { subscriberId }),
    };
  }
}
