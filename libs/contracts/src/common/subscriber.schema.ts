import { z } from 'zod';

import { CONTRACT_LIMITS } from './limits';
import { boundedString, idSchema, jsonRecordSchema, nullableText } from './primitives.schema';
import { safeIdentifier } from './safe-identifier';

/** Channel credentials of a subscriber, as in Novu's `ChannelCredentials`. */
export const channelCredentialsSchema = z.object({
  /** Chat incoming-webhook URL. A credential: never logged, never echoed in status events. */
  webhookUrl: z.string().url('must be a URL').max(2048).optional(),
  channel: z.string().max(255).optional(),
  deviceTokens: z
    .array(boundedString(4096))
    .max(CONTRACT_LIMITS.maxDeviceTokens, `must list at most ${CONTRACT_LIMITS.maxDeviceTokens} tokens`)
    .optional(),
  alertUid: z.string().max(255).optional(),
  title: z.string().max(255).optional(),
  imageUrl: z.string().max(2048).optional(),
  state: z.string().max(255).optional(),
  externalUrl: z.string().max(2048).optional(),
});
export type ChannelCredentials = z.infer<typeof channelCredentialsSchema>;

/** One provider's credentials for a subscriber (push tokens, chat webhook). */
export const subscriberChannelSchema = z.object({
  /** Novu's provider id: `fcm`, `slack`, `discord`, `msteams`, ... */
  providerId: boundedString(64),
  integrationIdentifier: idSchema.optional(),
  credentials: channelCredentialsSchema,
});
export type SubscriberChannel = z.infer<typeof subscriberChannelSchema>;

const subscriberChannelsSchema = z
  .array(subscriberChannelSchema)
  .max(CONTRACT_LIMITS.maxSubscriberChannels, `must list at most ${CONTRACT_LIMITS.maxSubscriberChannels} channels`);

/**
 * A subscriber as the client named it in `to` or `actor`. trigger-worker upserts it: a field
 * given overwrites, `null` clears, an absent field is left unchanged. A bare subscriberId string
 * from the client arrives here as `{type: 'Subscriber', subscriberId}`.
 */
export const subscriberRefSchema = z.object({
  type: z.literal('Subscriber'),
  subscriberId: safeIdentifier(idSchema),
  email: nullableText(320),
  phone: nullableText(64),
  firstName: nullableText(255),
  lastName: nullableText(255),
  avatar: nullableText(2048),
  locale: nullableText(35),
  timezone: nullableText(64),
  data: jsonRecordSchema.nullable().optional(),
  channels: subscriberChannelsSchema.optional(),
});
export type SubscriberRef = z.infer<typeof subscriberRefSchema>;

/** A topic recipient: every subscriber of the topic except `exclude` (subscriberIds). */
export const topicRefSchema = z.object({
  type: z.literal('Topic'),
  topicKey: safeIdentifier(idSchema),
  exclude: z
    .array(safeIdentifier(idSchema))
    .max(CONTRACT_LIMITS.maxTopicExcludes, `must list at most ${CONTRACT_LIMITS.maxTopicExcludes} subscribers`)
    .optional(),
});
export type TopicRef = z.infer<typeof topicRefSchema>;

/** One mapped recipient of a trigger. */
export const recipientSchema = z.discriminatedUnion('type', [subscriberRefSchema, topicRefSchema]);
export type Recipient = z.infer<typeof recipientSchema>;

/**
 * A stored subscriber as a runner sees it: every profile field present (`null` when unknown),
 * with the channel credentials the runner delivers to.
 */
export const subscriberSnapshotSchema = z.object({
  /** Herald's id of the subscriber row. */
  id: idSchema,
  subscriberId: idSchema,
  email: z.string().max(320).nullable(),
  phone: z.string().max(64).nullable(),
  firstName: z.string().max(255).nullable(),
  lastName: z.string().max(255).nullable(),
  avatar: z.string().max(2048).nullable(),
  locale: z.string().max(35).nullable(),
  timezone: z.string().max(64).nullable(),
  data: jsonRecordSchema.nullable(),
  channels: subscriberChannelsSchema,
});
export type SubscriberSnapshot = z.infer<typeof subscriberSnapshotSchema>;

/** The actor as templates see it: a subscriber snapshot without its credentials. */
export const actorSnapshotSchema = subscriberSnapshotSchema.omit({ channels: true });
export type ActorSnapshot = z.infer<typeof actorSnapshotSchema>;
