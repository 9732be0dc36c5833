import { JobStatus } from '@herald/contracts';

import { APNS_TEST_APP, BAD_DEVICE, type FakeApns, startFakeApns, UNREGISTERED_DEVICE } from './support/fake-apns';
import { type PushTestBed, startPushTestBed } from './support/push-test-bed';

const DEVICE_A = 'a'.repeat(64);
const DEVICE_C = 'c'.repeat(64);

describe('runner-push: APNs', () => {
  let bed: PushTestBed;
  let apns: FakeApns;

  beforeAll(async () => {
    bed = await startPushTestBed('runner_push_apns');
    apns = await startFakeApns();
  });
  afterAll(async () => {
    await apns?.close();
    await bed?.close();
  });
  beforeEach(() => void (apns.next.length = 0));

  const apnsIntegration = (credentials: Record<string, unknown> = {}) =>
    bed.integration('apns', {
      secretKey: apns.privateKeyPem,
      apiKey: APNS_TEST_APP.keyId,
      projectName: APNS_TEST_APP.teamId,
      applicationId: APNS_TEST_APP.bundleId,
      baseUrl: apns.url,
      ...credentials,
    });
  const tokens = (...deviceTokens: string[]) => [{ providerId: 'apns', credentials: { deviceTokens } }];
  const sendsTo = (device: string) => apns.requests.filter((request) => request.path === `/3/device/${device}`);

  it('posts to /3/device/<token> over HTTP/2 with a verified ES256 provider token and the bundle topic', async () => {
    const data = bed.job([apnsIntegration()], tokens(DEVICE_A), {
      controls: { subject: 'Hi {{subscriber.firstName}}', body: '{{payload.author}} commented', data: { id: '7' } },
      overrides: { providers: { apns: { collapseId: 'thread-7', aps: { sound: 'default', badge: 3 } } } },
    });
    await bed.world.dispatch(data);
    const outcome = await bed.world.outcomeOf(data.jobId);
    expect(outcome).toMatchObject({
      status: JobStatus.COMPLETED,
      providerId: 'apns',
      providerMessageId: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
      delivery: { channel: 'push', recipient: data.subscriber.subscriberId },
    });
    const [request] = sendsTo(DEVICE_A);
    expect(request.headers).toMatchObject({
      ':method': 'POST',
      'apns-topic': APNS_TEST_APP.bundleId,
      'apns-push-type': 'alert',
      'apns-priority': '10',
      'apns-collapse-id': 'thread-7',
      'apns-id': outcome.providerMessageId,
    });
    expect(request.json).toEqual({
      id: '7',
      aps: { alert: { title: 'Hi Ada', body: 'Grace commented' }, sound: 'default', badge: 3 },
    });
    expect(apns.providerTokens.size).toBe(1);
  });

  it('derives apns-id from the delivery key and device, and keeps the provider token across jobs', async () => {
    const data = bed.job([apnsIntegration()], tokens(DEVICE_C));
    await bed.world.dispatch(data);
    const first = await bed.world.outcomeOf(data.jobId);
    const second = bed.job([apnsIntegration()], tokens(DEVICE_C));
    await bed.world.dispatch(second);
    await bed.world.outcomeOf(second.jobId);
    const [one, two] = sendsTo(DEVICE_C);
    expect(one.headers['apns-id']).toBe(first.providerMessageId);
    expect(two.headers['apns-id']).not.toBe(one.headers['apns-id']);
    expect(apns.providerTokens.size).toBe(1);
  });

  it('delivers when one device is unregistered; fails permanently, without failover, when all devices are gone', async () => {
    const mixed = bed.job([apnsIntegration()], tokens(UNREGISTERED_DEVICE, DEVICE_A));
    await bed.world.dispatch(mixed);
    expect(await bed.world.outcomeOf(mixed.jobId)).toMatchObject({ status: JobStatus.COMPLETED, providerId: 'apns' });

    const gone = bed.job([apnsIntegration(), bed.webhookIntegration()], tokens(UNREGISTERED_DEVICE, BAD_DEVICE));
    await bed.world.dispatch(gone);
    expect(await bed.world.outcomeOf(gone.jobId)).toMatchObject({
      status: JobStatus.FAILED,
      error: { code: 'provider_rejected', retryable: false, message: 'apns answered HTTP 410: Unregistered' },
    });
    expect(bed.webhookCallsFor(gone)).toHaveLength(0);
  });

  it.each([
    ['a provider token signed with another key (403)', { apiKey: 'OTHERKEYID' }, undefined, 'provider_auth_failed'],
    ['a wrong bundle id (400 BadTopic)', { applicationId: 'dev.other.app' }, undefined, 'integration_misconfigured'],
    ['too many requests (429)', {}, { status: 429, reason: 'TooManyRequests' }, 'provider_rate_limited'],
    ['an outage (503)', {}, { status: 503, reason: 'ServiceUnavailable' }, 'provider_unavailable'],
  ])('fails over from APNs on %s to the push webhook', async (_label, credentials, answer, code) => {
    if (answer) apns.next.push(answer);
    const data = bed.job([apnsIntegration(credentials), bed.webhookIntegration()], tokens(DEVICE_A));
    await bed.world.dispatch(data);
    expect(await bed.world.outcomeOf(data.jobId)).toMatchObject({
      status: JobStatus.COMPLETED,
      providerId: 'push-webhook',
      detail: expect.stringContaining(`failover from apns: ${code}`),
    });
    expect(bed.webhookCallsFor(data)).toHaveLength(1);
  });

  it('fails over when APNs cannot be reached', async () => {
    const data = bed.job(
      [apnsIntegration({ baseUrl: 'http://127.0.0.1:1' }), bed.webhookIntegration()],
      tokens(DEVICE_A),
    );
    await bed.world.dispatch(data);
    expect(await bed.world.outcomeOf(data.jobId)).toMatchObject({
      status: JobStatus.COMPLETED,
      providerId: 'push-webhook',
      detail: expect.stringContaining('failover from apns: provider_unreachable'),
    });
  });

  it('reports a key that is not a p8 key as a misconfigured integration', async () => {
    const data = bed.job([apnsIntegration({ secretKey: 'not a key' })], tokens(DEVICE_A));
    await bed.world.dispatch(data);
    expect(await bed.world.outcomeOf(data.jobId)).toMatchObject({
      status: JobStatus.FAILED,
      error: { code: 'integration_misconfigured', retryable: false },
    });
  });

  it('refuses an APNs base URL on a link-local address', async () => {
    const data = bed.job([apnsIntegration({ baseUrl: 'http://169.254.169.254' })], tokens(DEVICE_A));
    await bed.world.dispatch(data);
    expect(await bed.world.outcomeOf(data.jobId)).toMatchObject({
      status: JobStatus.FAILED,
      error: { code: 'outbound_url_refused', retryable: false },
    });
  });
});
