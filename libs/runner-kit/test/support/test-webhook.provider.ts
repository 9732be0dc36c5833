import { buildRunnerIntegrationFixture, type RunnerIntegration } from '@herald/contracts';

import {
  applyProviderOverrides,
  type DeliveryProvider,
  failureFromResponse,
  misconfigured,
  type RunnerDefinition,
  stringField,
} from '../../src';

/**
 * A minimal SMS-like webhook provider for runner-kit's own tests: POSTs `{to, text, deliveryKey}`
 * to `credentials.url` through the runner's guarded client. It stands in for a real provider
 * (each app tests its real ones against their protocols).
 */
export function testWebhookProvider(providerId = 'test-webhook'): DeliveryProvider {
  return {
    providerId,
    prepare({ job, integration, content, channelOverrides, providerOverrides }) {
      const to = stringField(channelOverrides, 'to') ?? job.subscriber.phone;
      if (!to) return { ok: false, missing: 'Subscriber has no phone number' };
      const url = stringField(integration.credentials, 'url');
      if (!url) return { ok: false, failure: misconfigured(providerId, 'credentials.url is missing') };
      const request = applyProviderOverrides(
        {
          body: { to, text: content.body, deliveryKey: job.deliveryKey },
          headers: { 'content-type': 'application/json' },
          query: {},
        },
        providerOverrides,
      );
      return {
        ok: true,
        delivery: {
          kind: 'external',
          recipient: to,
          send: async (context) => {
            const response = await context.http.request({
              method: 'POST',
              url,
              headers: { ...request.headers, 'idempotency-key': context.deliveryKey },
              body: JSON.stringify(request.body),
            });
            if (response.status >= 300) return { ok: false, failure: failureFromResponse(providerId, response) };
            return { ok: true, providerMessageId: (JSON.parse(response.body) as { id?: string }).id };
          },
        },
      };
    },
  };
}

/** An SMS runner driving only the test webhook provider. */
export const testRunner: RunnerDefinition = { channel: 'sms', providers: [testWebhookProvider()] };

/** An active `test-webhook` SMS integration posting to `url`. */
export function webhookIntegration(url: string, overrides: Partial<RunnerIntegration> = {}): RunnerIntegration {
  return buildRunnerIntegrationFixture({
    providerId: 'test-webhook',
    channel: 'sms',
    credentials: { url },
    ...overrides,
  });
}
