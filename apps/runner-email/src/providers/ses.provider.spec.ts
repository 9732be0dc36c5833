import { buildJobDispatchFixture, buildRunnerIntegrationFixture } from '@herald/contracts';
import type { OutboundHttpClient, OutboundRequest, PrepareInput, SendContext } from '@herald/runner-kit';
import aws4 from 'aws4';

import { sesProvider } from './ses.provider';

const credentials = { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'secret/example' };

async function requestFor(extra: Record<string, unknown>): Promise<OutboundRequest> {
  const input: PrepareInput = {
    job: buildJobDispatchFixture({}, 'email'),
    integration: buildRunnerIntegrationFixture({
      providerId: 'ses',
      credentials: {
        apiKey: credentials.accessKeyId,
        secretKey: credentials.secretAccessKey,
        region: 'ap-southeast-2',
        from: 'a@example.com',
        ...extra,
      },
    }),
    content: { subject: 'Hi', body: '<p>Hello</p>' },
    providerOverrides: {},
    channelOverrides: {},
    attachments: [],
  };
  const prepared = sesProvider().prepare(input);
  if (!prepared.ok || prepared.delivery.kind !== 'external') throw new Error('not prepared');
  const sent: OutboundRequest[] = [];
  const http = {
    request: async (request: OutboundRequest) => {
      sent.push(request);
      return { status: 200, headers: {}, body: '{"MessageId":"m-1"}' };
    },
  } as unknown as OutboundHttpClient;
  const outcome = await prepared.delivery.send({
    jobId: 'job',
    deliveryKey: 'a'.repeat(64),
    http,
  } as unknown as SendContext);
  expect(outcome).toEqual({ ok: true, providerMessageId: 'm-1' });
  return sent[0];
}

describe('sesProvider request', () => {
  it('goes to the regional SES endpoint, signed for ses in that region', async () => {
    const request = await requestFor({});
    expect(request.url).toBe('https://email.ap-southeast-2.amazonaws.com/v2/email/outbound-emails');
    const headers = request.headers ?? {};
    expect(headers.host).toBe('email.ap-southeast-2.amazonaws.com');
    expect(headers.authorization).toMatch(/Credential=AKIAEXAMPLE\/\d{8}\/ap-southeast-2\/ses\/aws4_request/);
    const again = aws4.sign(
      {
        host: headers.host,
        path: '/v2/email/outbound-emails',
        method: 'POST',
        service: 'ses',
        region: 'ap-southeast-2',
        body: request.body as string,
        headers: { 'content-type': headers['content-type'], 'x-amz-date': headers['x-amz-date'] },
      },
      credentials,
    );
    expect(again.headers?.Authorization).toBe(headers.authorization);
  });

  it('adds the configuration set when the integration names one', async () => {
    const request = await requestFor({ configurationSetName: 'transactional' });
    expect(JSON.parse(request.body as string)).toMatchObject({ ConfigurationSetName: 'transactional' });
  });
});
