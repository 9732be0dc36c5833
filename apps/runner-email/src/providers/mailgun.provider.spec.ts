import { buildJobDispatchFixture, buildRunnerIntegrationFixture } from '@herald/contracts';
import type { OutboundHttpClient, OutboundRequest, PrepareInput, SendContext } from '@herald/runner-kit';

import { mailgunProvider } from './mailgun.provider';

async function urlFor(credentials: Record<string, unknown>): Promise<string | undefined> {
  const input: PrepareInput = {
    job: buildJobDispatchFixture({}, 'email'),
    integration: buildRunnerIntegrationFixture({
      providerId: 'mailgun',
      credentials: { apiKey: 'key', domain: 'mg.example.com', from: 'a@mg.example.com', ...credentials },
    }),
    content: { subject: 'Hi', body: '<p>Hello</p>' },
    providerOverrides: {},
    channelOverrides: {},
    attachments: [],
  };
  const prepared = mailgunProvider().prepare(input);
  if (!prepared.ok || prepared.delivery.kind !== 'external') throw new Error('not prepared');
  let url: string | undefined;
  const http = {
    request: async (request: OutboundRequest) => {
      url = request.url;
      return { status: 200, headers: {}, body: '{"id":"<1@mg.example.com>","message":"Queued. Thank you."}' };
    },
  } as unknown as OutboundHttpClient;
  await prepared.delivery.send({ jobId: 'job', deliveryKey: 'a'.repeat(64), http } as unknown as SendContext);
  return url;
}

describe('mailgunProvider endpoint', () => {
  it('uses the US API by default', async () => {
    expect(await urlFor({})).toBe('https://api.mailgun.net/v3/mg.example.com/messages');
  });

  it('uses the EU API for region eu', async () => {
    expect(await urlFor({ region: 'EU' })).toBe('https://api.eu.mailgun.net/v3/mg.example.com/messages');
  });

  it('uses baseUrl as Novu does, without a trailing slash', async () => {
    expect(await urlFor({ baseUrl: 'https://api.eu.mailgun.net/' })).toBe(
      'https://api.eu.mailgun.net/v3/mg.example.com/messages',
    );
  });
});
