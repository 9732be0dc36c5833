import { identifierRefusal } from '@herald/contracts';

import { z } from '../../core/openapi/openapi-zod';
import { SEVERITIES, type Severity } from './inbox-workflows';

/**
 * Request shapes of the `/v1/inbox` routes `@novu/js` 3.x calls (decision 0034), as it sends them:
 * query booleans as `true`/`false`, arrays as repeated `key[]=` parameters, `data` filters and the
 * count route's `filters` as JSON text.
 */
const queryBoolean = z.enum(['true', 'false']).transform((value) => value === 'true');
const toArray = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);
const repeated = <T extends z.ZodTypeAny>(item: T) =>
  z.union([item, z.array(item).max(100)]).transform((value): z.output<T>[] => (Array.isArray(value) ? value : [value]));
const tag = z.string().min(1).max(100);
const severity = z.enum(SEVERITIES);
const MAX_TAG_GROUPS = 20;

/** A `data` filter: a JSON object whose values are scalars or arrays of scalars (any of them may match). */
const dataScalar = z.union([z.string().max(1000), z.number(), z.boolean()]);
const dataFilterSchema = z.record(z.string().min(1).max(100), z.union([dataScalar, z.array(dataScalar).max(50)]));
const jsonText = <T extends z.ZodTypeAny>(schema: T) =>
  z
    .string()
    .max(10_000)
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'must be JSON' });
        return z.NEVER;
      }
    })
    .pipe(schema);

/** `GET /v1/inbox/notifications`. `tags[N][]` groups (AND of ORs) are read from the raw query by `tagGroupsOf`. */
export const notificationsQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(10),
    offset: z.coerce.number().int().min(0).max(100_000).default(0),
    after: z.string().min(1).max(64).optional(),
    read: queryBoolean.optional(),
    archived: queryBoolean.optional(),
    snoozed: queryBoolean.optional(),
    seen: queryBoolean.optional(),
    data: jsonText(dataFilterSchema).optional(),
    'tags[]': repeated(tag).optional(),
    tags: repeated(tag).optional(),
    'severity[]': repeated(severity).optional(),
    severity: repeated(severity).optional(),
    /** Epoch milliseconds, as @novu/js sends them. */
    createdGte: z.coerce.number().int().min(0).optional(),
    createdLte: z.coerce.number().int().min(0).optional(),
  })
  .passthrough();
export type NotificationsQuery = z.infer<typeof notificationsQuerySchema>;

/**
 * Novu's `TagsFilter`: `['a', 'b']` or `{or: […]}` (any of them), or `{and: [{or: […]}, …]}` (a tag
 * of every group). An empty object, or one with other keys, is refused as Novu refuses it: `@novu/api`
 * 3.19 sends `{}` for any tags object it is given (its schema keeps no key of it), and taking that
 * for "no filter" would archive or delete everything.
 */
const orGroup = z.object({ or: z.array(tag).max(100) }).strict();
const tagsFilterSchema = z.union([
  z.array(tag).max(100),
  z.object({ and: z.array(orGroup).max(MAX_TAG_GROUPS) }).strict(),
  orGroup,
]);

/** One filter of `GET /v1/inbox/notifications/count?filters=[…]`. */
const countFilterSchema = z.object({
  tags: tagsFilterSchema.optional(),
  read: z.boolean().optional(),
  archived: z.boolean().optional(),
  snoozed: z.boolean().optional(),
  seen: z.boolean().optional(),
  data: dataFilterSchema.optional(),
  severity: z.union([severity, z.array(severity).max(4)]).optional(),
});
export type CountFilter = z.infer<typeof countFilterSchema>;

export const countQuerySchema = z.object({ filters: jsonText(z.array(countFilterSchema).min(1).max(30)) });
export type CountQuery = z.infer<typeof countQuerySchema>;

/** The bodies of the bulk routes: `tags`, and `data` as JSON text (as @novu/js sends it). */
export const bulkBodySchema = z.object({
  tags: tagsFilterSchema.optional(),
  data: jsonText(dataFilterSchema).optional(),
});
export type BulkBody = z.infer<typeof bulkBodySchema>;

export const seenBodySchema = bulkBodySchema.extend({
  notificationIds: z.array(z.string().min(1).max(64)).min(1).max(100).optional(),
});
export type SeenBody = z.infer<typeof seenBodySchema>;

export const snoozeBodySchema = z.object({ snoozeUntil: z.string().datetime({ offset: true }) });
export type SnoozeBody = z.infer<typeof snoozeBodySchema>;

export const actionBodySchema = z.object({ actionType: z.enum(['primary', 'secondary']) });
export type ActionBody = z.infer<typeof actionBodySchema>;

/**
 * `contextKeys` of `@novu/api`'s `/v2/subscribers/:id/notifications…` operations: the exact set of
 * contexts (`type:id`) a notification must have. Herald's notifications have none, so an empty set
 * keeps them all and any context keeps none (decision 0045); `contextKeys=` is the empty set.
 */
const contextKeysSchema = z.array(z.string().max(255)).max(20);
const contextKeysQuery = repeated(z.string().max(255))
  .transform((keys) => keys.filter((key) => key !== ''))
  .pipe(contextKeysSchema);

/** `GET /v2/subscribers/:id/notifications`: the inbox list's query (as `@novu/api` sends it), and `contextKeys`. */
export const subscriberNotificationsQuerySchema = notificationsQuerySchema.extend({
  contextKeys: contextKeysQuery.optional(),
});
export type SubscriberNotificationsQuery = z.infer<typeof subscriberNotificationsQuerySchema>;

/** `GET /v2/subscribers/:id/notifications/count`: the inbox count's filters, each with `contextKeys`. */
export const subscriberCountQuerySchema = z.object({
  filters: jsonText(
    z
      .array(countFilterSchema.extend({ contextKeys: contextKeysSchema.optional() }))
      .min(1)
      .max(30),
  ),
});
export type SubscriberCountQuery = z.infer<typeof subscriberCountQuerySchema>;

/** `POST /v2/subscribers/:id/notifications/{read,archive,read-archive,delete}` (`UpdateAllSubscriberNotificationsDto`). */
export const subscriberBulkBodySchema = bulkBodySchema.extend({ contextKeys: contextKeysSchema.optional() });
export type SubscriberBulkBody = z.infer<typeof subscriberBulkBodySchema>;

/** `POST /v2/subscribers/:id/notifications/seen` (`MarkSubscriberNotificationsAsSeenDto`). */
export const subscriberSeenBodySchema = seenBodySchema.extend({ contextKeys: contextKeysSchema.optional() });
export type SubscriberSeenBody = z.infer<typeof subscriberSeenBodySchema>;

/** The tag groups of a list query: `tags[]` (or `tags`) is one OR group; `tags[N][]` are groups that must all match. */
export function tagGroupsOf(query: Record<string, unknown>): string[][] {
  const groups: string[][] = [];
  const flat = (query['tags[]'] ?? query.tags) as string[] | undefined;
  if (flat?.length) groups.push(flat);
  for (const [key, value] of Object.entries(query)) {
    if (!/^tags\[\d{1,2}\]\[\]$/.test(key) || groups.length >= MAX_TAG_GROUPS) continue;
    const parsed = repeated(tag).safeParse(value);
    if (parsed.success) groups.push(parsed.data);
  }
  return groups;
}

/** The tag groups of a `TagsFilter` (`['a','b']`, `{or: […]}` or `{and: [{or: […]}, …]}`). */
export function tagsFilterGroupsOf(tags: z.infer<typeof tagsFilterSchema> | undefined): string[][] {
  if (tags === undefined) return [];
  if (Array.isArray(tags)) return [tags];
  if ('and' in tags) return tags.and.map((group) => group.or);
  return [tags.or];
}

/** A severity filter as a list. */
export function severitiesOf(...values: (Severity[] | Severity | undefined)[]): Severity[] {
  return values.flatMap((value) => (value === undefined ? [] : toArray(value)));
}

/** `POST /v1/inbox/session` (Novu's `SubscriberSessionRequestDto`). */
const optionalText = (max: number) => z.string().max(max).nullable().optional();
export const inboxSessionBodySchema = z
  .object({
    applicationIdentifier: z.string().min(1).max(255).optional(),
    subscriberId: z.string().max(255).optional(),
    subscriber: z
      .union([
        z.string().max(255),
        z.object({
          subscriberId: z.string().max(255),
          firstName: optionalText(255),
          lastName: optionalText(255),
          email: optionalText(320),
          phone: optionalText(64),
          avatar: optionalText(2048),
          locale: optionalText(35),
          timezone: optionalText(64),
          data: z.record(z.string(), z.unknown()).nullable().optional(),
        }),
      ])
      .optional(),
    subscriberHash: z.string().max(255).optional(),
    context: z.record(z.string(), z.unknown()).optional(),
    contextHash: z.string().max(255).optional(),
    defaultSchedule: z.unknown().optional(),
  })
  .superRefine((body, ctx) => {
    const subscriberId = sessionSubscriberId(body);
    const refusal = subscriberId ? identifierRefusal(subscriberId) : 'is required';
    if (refusal) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['subscriberId'], message: refusal });
  });
export type InboxSessionBody = z.infer<typeof inboxSessionBodySchema>;

/** The subscriber a session is for: `subscriber.subscriberId`, a `subscriber` string, or the older `subscriberId`. */
export function sessionSubscriberId(body: Pick<InboxSessionBody, 'subscriber' | 'subscriberId'>): string {
  const { subscriber } = body;
  const fromObject = typeof subscriber === 'string' ? subscriber : subscriber?.subscriberId;
  return fromObject || body.subscriberId || '';
}
