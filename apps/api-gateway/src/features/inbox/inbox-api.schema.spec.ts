import {
  countQuerySchema,
  countTagGroupsOf,
  inboxSessionBodySchema,
  notificationsQuerySchema,
  sessionSubscriberId,
  tagGroupsOf,
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
    expect(countTagGroupsOf(filters[0].tags)).toEqual([['a']]);
    expect(countTagGroupsOf(filters[1].tags)).toEqual([['b', 'c'], ['d']]);
    expect(countTagGroupsOf({ or: ['x'] })).toEqual([['x']]);
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
