import {
  bulkBodySchema,
  countQuerySchema,
  inboxSessionBodySchema,
  notificationsQuerySchema,
  sessionSubscriberId,
  subscriberBulkBodySchema,
  subscriberCountQuerySchema,
  subscriberNotificationsQuerySchema,
  tagGroupsOf,
  tagsFilterGroupsOf,
} from './inbox-api.schema';

describe('the /v1/inbox request shapes, as @novu/js sends them', () => {
  it('reads tags[] as one OR group and tags[N][] as groups that must all match', () => {
    const query = notificationsQuerySchema.parse({ 'tags[]': ['a', 'b'], 'tags[0][]': 'c', 'tags[1][]': ['d', 'e'] });
    expect(tagGroupsOf(query)).toEqual([['a', 'b'], ['c'], ['d', 'e']]);
    expect(tagGroupsOf(notificationsQuerySchema.parse({ 'tags[]': 'only' }))).toEqual([['only']]);
    expect(tagGroupsOf(notificationsQuerySchema.parse({}))).toEqual([]);
  });

  it('parses booleans, the data filter and severities', () => {
    expect(
      notificationsQuerySchema.parse({
        read: 'true',
        archived: 'false',
        data: '{"kind":["a","b"]}',
        'severity[]': 'high',
      }),
    ).toMatchObject({ read: true, archived: false, data: { kind: ['a', 'b'] }, 'severity[]': ['high'], limit: 10 });
    expect(notificationsQuerySchema.safeParse({ data: 'not json' }).success).toBe(false);
    expect(notificationsQuerySchema.safeParse({ severity: 'urgent' }).success).toBe(false);
  });

  it('reads the count filters and their tag forms', () => {
    const { filters } = countQuerySchema.parse({
      filters: JSON.stringify([{ read: false, tags: ['a'] }, { tags: { and: [{ or: ['b', 'c'] }, { or: ['d'] }] } }]),
    });
    expect(tagsFilterGroupsOf(filters[0].tags)).toEqual([['a']]);
    expect(tagsFilterGroupsOf(filters[1].tags)).toEqual([['b', 'c'], ['d']]);
    expect(tagsFilterGroupsOf({ or: ['x'] })).toEqual([['x']]);
    expect(tagsFilterGroupsOf(undefined)).toEqual([]);
  });

  it('takes every TagsFilter form in bulk bodies, and refuses an empty or mixed tags object', () => {
    expect(bulkBodySchema.parse({ tags: ['a'] }).tags).toEqual(['a']);
    expect(bulkBodySchema.parse({ tags: { and: [{ or: ['a'] }, { or: ['b'] }] } }).tags).toEqual({
      and: [{ or: ['a'] }, { or: ['b'] }],
    });
    // What @novu/api 3.19 sends for any tags object: it must not mean "every notification".
    expect(bulkBodySchema.safeParse({ tags: {} }).success).toBe(false);
    expect(bulkBodySchema.safeParse({ tags: { or: ['a'], and: [] } }).success).toBe(false);
    expect(bulkBodySchema.safeParse({ tags: { or: ['a'], extra: 1 } }).success).toBe(false);
  });

  it('takes the session subscriber from subscriber.subscriberId, a subscriber string or subscriberId', () => {
    expect(sessionSubscriberId({ subscriber: { subscriberId: 'ada' } })).toBe('ada');
    expect(sessionSubscriberId({ subscriber: 'bob' })).toBe('bob');
    expect(sessionSubscriberId({ subscriberId: 'cy', subscriber: { subscriberId: '' } })).toBe('cy');
    expect(
      inboxSessionBodySchema.safeParse({ applicationIdentifier: 'dev', subscriber: { subscriberId: '' } }).success,
    ).toBe(false);
    expect(inboxSessionBodySchema.safeParse({ subscriber: { subscriberId: 'ada\u202e' } }).success).toBe(false);
  });
});

describe('the /v2/subscribers/:id/notifications request shapes, as @novu/api sends them', () => {
  it('reads repeated severity and contextKeys, an empty contextKeys being the empty set', () => {
    const query = subscriberNotificationsQuerySchema.parse({
      limit: '5',
      severity: ['high', 'low'],
      contextKeys: ['tenant:a', 'region:eu'],
      createdGte: '1704067200000',
    });
    expect(query).toMatchObject({ limit: 5, severity: ['high', 'low'], contextKeys: ['tenant:a', 'region:eu'] });
    expect(query.createdGte).toBe(1704067200000);
    expect(subscriberNotificationsQuerySchema.parse({ contextKeys: '' }).contextKeys).toEqual([]);
    expect(subscriberNotificationsQuerySchema.parse({}).contextKeys).toBeUndefined();
  });

  it('reads count filters with contextKeys, at most 30', () => {
    const { filters } = subscriberCountQuerySchema.parse({
      filters: JSON.stringify([{ read: false, contextKeys: ['tenant:a'] }, {}]),
    });
    expect(filters).toEqual([{ read: false, contextKeys: ['tenant:a'] }, {}]);
    expect(subscriberCountQuerySchema.safeParse({ filters: JSON.stringify(Array(31).fill({})) }).success).toBe(false);
    expect(subscriberCountQuerySchema.safeParse({ filters: '[' }).success).toBe(false);
  });

  it('reads the bulk body: tags, data as JSON text, contextKeys', () => {
    expect(subscriberBulkBodySchema.parse({ tags: ['a'], data: '{"kind":"x"}', contextKeys: ['tenant:a'] })).toEqual({
      tags: ['a'],
      data: { kind: 'x' },
      contextKeys: ['tenant:a'],
    });
    expect(subscriberBulkBodySchema.parse({})).toEqual({});
  });
});
