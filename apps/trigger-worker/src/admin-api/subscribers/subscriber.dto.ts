import type { ChannelCredentials, WorkerSubscriber } from '@herald/contracts';

/** A subscriber in Novu's response shape (`SubscriberResponseDto`): `workerSubscriberSchema`. */
export type SubscriberDto = WorkerSubscriber;

/** The select list of a `SubscriberRow` from `trigger.subscribers s`. */
export const SUBSCRIBER_ROW_COLUMNS = `s.id, s.subscriber_id AS "subscriberId", s.organization_id AS "organizationId", s.environment_id AS "environmentId",
  s.first_name AS "firstName", s.last_name AS "lastName", s.email, s.phone, s.avatar, s.locale, s.timezone, s.data,
  s.is_online AS "isOnline", s.last_online_at AS "lastOnlineAt", s.created_at AS "createdAt", s.updated_at AS "updatedAt",
  COALESCE((SELECT jsonb_agg(jsonb_build_object('providerId', c.provider_id, 'integrationIdentifier', c.integration_identifier, 'credentials', c.credentials)
    ORDER BY c.provider_id, c.integration_identifier) FROM trigger.subscriber_channels c WHERE c.environment_id = s.environment_id AND c.subscriber_pk = s.id), '[]'::jsonb) AS channels`;

/** A subscriber row as `SUBSCRIBER_ROW_COLUMNS` yields it. */
export interface SubscriberRow {
  id: string;
  subscriberId: string;
  organizationId: string;
  environmentId: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string | null;
  avatar: string | null;
  locale: string | null;
  timezone: string | null;
  data: Record<string, unknown> | null;
  isOnline: boolean | null;
  lastOnlineAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  channels: { providerId: string; integrationIdentifier: string; credentials: ChannelCredentials }[];
}

/** Maps a row to Novu's shape. */
export function toSubscriberDto(row: SubscriberRow): SubscriberDto {
  return {
    _id: row.id,
    subscriberId: row.subscriberId,
    _organizationId: row.organizationId,
    _environmentId: row.environmentId,
    firstName: row.firstName,
    lastName: row.lastName,
    email: row.email,
    phone: row.phone,
    avatar: row.avatar,
    locale: row.locale,
    timezone: row.timezone,
    data: row.data,
    channels: row.channels.map((channel) => ({
      providerId: channel.providerId,
      ...(channel.integrationIdentifier ? { integrationIdentifier: channel.integrationIdentifier } : {}),
      credentials: channel.credentials,
      _integrationId: channel.integrationIdentifier,
    })),
    ...(row.isOnline === null ? {} : { isOnline: row.isOnline }),
    ...(row.lastOnlineAt === null ? {} : { lastOnlineAt: new Date(row.lastOnlineAt).toISOString() }),
    deleted: false,
    createdAt: new Date(row.createdAt).toISOString(),
    updatedAt: new Date(row.updatedAt).toISOString(),
  };
}
