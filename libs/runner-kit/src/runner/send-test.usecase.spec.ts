import { buildRunnerIntegrationFixture } from '@herald/contracts';

import { redact, secretsOf, TEST_SUBSCRIBER_ID, testContent, testJob } from './send-test.usecase';

const request = { environmentId: 'env-1', integrationId: 'int-1' };

describe('send test', () => {
  it('makes up a subscriber who has only the recipient, in the field the channel reads', () => {
    const integration = buildRunnerIntegrationFixture({ providerId: 'slack', identifier: 'team-chat' });
    expect(testJob({ ...request, to: 'ada@example.com' }, integration, 'email').subscriber.email).toBe(
      'ada@example.com',
    );
    expect(testJob({ ...request, to: '+15555550100' }, integration, 'sms').subscriber.phone).toBe('+15555550100');
    const chat = testJob({ ...request, to: 'https://hooks.example.com/T1' }, integration, 'chat');
    expect(chat.subscriber).toMatchObject({ subscriberId: TEST_SUBSCRIBER_ID, email: null, phone: null });
    expect(chat.subscriber.channels).toEqual([
      {
        providerId: 'slack',
        integrationIdentifier: 'team-chat',
        credentials: { webhookUrl: 'https://hooks.example.com/T1' },
      },
    ]);
    const push = testJob({ ...request, to: 'device-token-1' }, integration, 'push');
    expect(push.subscriber.channels[0].credentials).toEqual({ deviceTokens: ['device-token-1'] });
    expect(testJob(request, integration, 'chat').subscriber.channels).toEqual([]);
  });

  it('gives every test its own transaction and delivery key', () => {
    const integration = buildRunnerIntegrationFixture();
    const [a, b] = [testJob(request, integration, 'email'), testJob(request, integration, 'email')];
    expect(a.transactionId).not.toBe(b.transactionId);
    expect(a.deliveryKey).not.toBe(b.deliveryKey);
  });

  it('escapes the text into the email HTML and keeps it as the text part', () => {
    const content = testContent({ ...request, subject: 'Hi', body: 'a <b> & "c"' }, 'email');
    expect(content).toEqual({ subject: 'Hi', body: '<p>a &#60;b&#62; &#38; &#34;c&#34;</p>', text: 'a <b> & "c"' });
    expect(testContent(request, 'sms')).toEqual({ subject: expect.any(String), body: expect.any(String) });
  });

  it('cuts every credential and a token or webhook recipient out of what it answers', () => {
    const integration = buildRunnerIntegrationFixture({
      credentials: { apiKey: 'SG.secret-api-key', nested: { token: 'nested-secret-token' }, port: '25' },
    });
    const secrets = secretsOf(integration, 'chat', 'https://hooks.example.com/T1/secret');
    const text = 'rejected SG.secret-api-key and nested-secret-token at https://hooks.example.com/T1/secret on 25';
    expect(redact(text, secrets)).toBe('rejected [redacted] and [redacted] at [redacted] on 25');
    // An email address or phone number is where the test goes, not a secret.
    expect(secretsOf(integration, 'email', 'ada@example.com')).not.toContain('ada@example.com');
  });
});
