import { Injectable } from '@nestjs/common';
import { deliveryChannelSchema, idSchema, transactionIdSchema, type Envelope } from '@herald/contracts';
import type { RpcServer } from '@herald/messaging';
import { z } from 'zod';
import { assertSameEnvironment } from '../worker-rpc.error';
import { ActivityQuery } from './activity.query';

/** Request schemas of the activity RPC methods. */
export const ACTIVITY_RPC = {
  'notifications.list.v1': z.object({
    environmentId: idSchema,
    page: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(50).default(10),
    transactionId: transactionIdSchema.optional(),
    subscriberIds: z.array(idSchema).max(100).optional(),
    channels: z.array(deliveryChannelSchema).max(5).optional(),
    templates: z.array(idSchema).max(100).optional(),
  }),
  'notifications.get.v1': z.object({ environmentId: idSchema, notificationId: z.string().uuid() }),
} as const;

type Req<M extends keyof typeof ACTIVITY_RPC> = z.infer<(typeof ACTIVITY_RPC)[M]>;

/** `GET /v1/notifications` and `GET /v1/notifications/:id`, over RPC. */
@Injectable()
export class ActivityRpc {
  constructor(private readonly activity: ActivityQuery) {}

  register(server: RpcServer): void {
    server.handle('notifications.list.v1', (e: Envelope<Req<'notifications.list.v1'>>) => (assertSameEnvironment(e.environmentId, e.data), this.activity.list(e.data)), ACTIVITY_RPC['notifications.list.v1']);
    server.handle('notifications.get.v1', (e: Envelope<Req<'notifications.get.v1'>>) => (assertSameEnvironment(e.environmentId, e.data), this.activity.get(e.data.environmentId, e.data.notificationId)), ACTIVITY_RPC['notifications.get.v1']);
  }
}
