import { parseRoute, routeUrl } from './console-route';

describe('console routes', () => {
  it('reads a notification timeline from its path', () => {
    expect(parseRoute('/console/notifications/0b6f', '')).toEqual({ view: 'notification', notificationId: '0b6f' });
  });

  it('reads the activity list with its filters (activityFeedLink carries transactionId)', () => {
    expect(parseRoute('/console/notifications', '?transactionId=tx-1&channel=email&page=2&unknown=x')).toEqual({
      view: 'activity',
      filters: { transactionId: 'tx-1', channel: 'email' },
      page: 2,
    });
    expect(parseRoute('/console', '')).toEqual({ view: 'activity', filters: {}, page: 0 });
  });

  it('writes the same route back', () => {
    const route = {
      view: 'activity' as const,
      filters: { workflow: 'welcome', subscriberId: 'ada', status: 'failed', after: '2026-12-06T07:00:00.000Z' },
      page: 1,
    };
    const url = new URL(routeUrl(route), 'http://h');
    expect(parseRoute(url.pathname, url.search)).toEqual(route);
    expect(routeUrl({ view: 'notification', notificationId: 'a/b' })).toBe('/console/notifications/a%2Fb');
  });

  it('reads and writes the subscribers, workflows and integrations views', () => {
    for (const route of [
      { view: 'subscribers' },
      { view: 'subscribers', search: 'ada' },
      { view: 'subscriber', subscriberId: 'ada/lovelace' },
      { view: 'workflows' },
      { view: 'workflow', workflowId: 'welcome' },
      { view: 'integrations' },
    ] as const) {
      const url = new URL(routeUrl(route), 'http://h');
      expect(parseRoute(url.pathname, url.search)).toEqual(route);
    }
  });
});
