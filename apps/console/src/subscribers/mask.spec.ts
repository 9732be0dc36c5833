import { maskedCredentials, maskSecret } from './mask';

describe('maskSecret', () => {
  it('shows at most the last four characters', () => {
    expect(maskSecret('https://hooks.slack.com/services/T000/B000/XYZW1234')).toBe('••••1234');
    expect(maskSecret('short')).toBe('••••');
  });

  it('masks webhook URLs and device tokens, not labels', () => {
    expect(
      maskedCredentials({
        webhookUrl: 'https://hooks.example.com/abcdefgh12345678',
        deviceTokens: ['token-aaaaaaaaaaaa1111', 'token-bbbbbbbbbbbb2222'],
        channel: '#alerts',
      }),
    ).toEqual(['webhookUrl: ••••5678', 'deviceTokens: ••••1111, ••••2222', 'channel: #alerts']);
  });
});
