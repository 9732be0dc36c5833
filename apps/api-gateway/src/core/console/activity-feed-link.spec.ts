import { activityFeedLink } from './activity-feed-link';

describe('activityFeedLink', () => {
  it('is a relative link to the console without PUBLIC_URL', () => {
    expect(activityFeedLink('tx 1', { CONSOLE_ENABLED: true, PUBLIC_URL: '' })).toBe(
      '/console/notifications?transactionId=tx%201',
    );
  });

  it('is absolute under PUBLIC_URL (with or without a trailing slash)', () => {
    expect(activityFeedLink('tx', { CONSOLE_ENABLED: true, PUBLIC_URL: 'https://herald.example.com/' })).toBe(
      'https://herald.example.com/console/notifications?transactionId=tx',
    );
  });

  it('stays the API path when the console is off', () => {
    expect(activityFeedLink('tx', { CONSOLE_ENABLED: false, PUBLIC_URL: 'https://h.example' })).toBe(
      '/v1/notifications?transactionId=tx',
    );
  });
});
