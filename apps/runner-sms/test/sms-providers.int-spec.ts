import { createHmac } from 'node:crypto';

import {
  buildJobDispatchFixture,
  buildRunnerIntegrationFixture,
  type JobDispatchData,
  JobStatus,
  type RunnerIntegration,
} from '@herald/contracts';
import { runnerConfig, RunnerModule } from '@herald/runner-kit';
import { bootTestApp, type HttpReceiver, RunnerTestWorld, startHttpReceiver, type TestApp } from '@herald/testing';

import { smsRunner } from '../src/runner-sms.definition';
import { fakeTwilio, TWILIO_TEST_ACCOUNT, type TwilioScript } from './support/fake-twilio';

describe('runner-sms providers', () => {
  let world: RunnerTestWorld;
  let runner: TestApp;
  let twilio: HttpReceiver;
  let webhook: HttpReceiver;
  const script: TwilioScript = { next: [] };

  beforeAll(async () => {
    world = await RunnerTestWorld.create('runner_sms', 'sms');
    runner = await bootTestApp(RunnerModule.forChannel(smsRunner, runnerConfig('sms').load(world.env)));
    await world.waitForRunner();
    twilio = await startHttpReceiver(fakeTwilio(script));
    webhook = await startHttpReceiver(() => ({ status: 202, body: { messageId: 'hook-1' } }));
  });

  afterAll(async () => {
    await runner?.close();
    await Promise.all([twilio?.close(), webhook?.close()]);
    await world?.close();
  });

  beforeEach(() => {
    script.next.length = 0;
    webhook.respondWith(() => ({ status: 202, body: { messageId: 'hook-1' } }));
  });

  const twilioIntegration = (extra: Partial<RunnerIntegration> = {}) =>
    buildRunnerIntegrationFixture({
      providerId: 'twilio',
      channel: 'sms',
      identifier: 'twilio',
      credentials: { ...TWILIO_TEST_ACCOUNT, from: '+15005550006', baseUrl: twilio.url },
      ...extra,
    });
  const webhookIntegration = (extra: Partial<RunnerIntegration> = {}) =>
    buildRunnerIntegrationFixture({
      providerId: 'sms-webhook',
      channel: 'sms',
      identifier: 'sms-webhook',
      primary: false,
      credentials: { webhookUrl: `${webhook.url}/sms`, secretKey: 'whsec', from: 'Herald' },
      ...extra,
    });

  function job(integrations: RunnerIntegration[], overrides: Partial<JobDispatchData> = {}): JobDispatchData {
    const data = buildJobDispatchFixture(overrides, 'sms');
    world.integrations.set(data.environmentId, integrations);
    return data;
  }
  const webhookCallsFor = (data: JobDispatchData) =>
    webhook.requests.filter((request) => (request.json as { deliveryKey?: string }).deliveryKey === data.deliveryKey);

  it('sends through Twilio in its REST format and reports the message SID', async () => {
    const data = job([twilioIntegration()]);
    const before = twilio.requests.length;
    await world.dispatch(data);
    expect(await world.outcomeOf(data.jobId)).toMatchObject({
      status: JobStatus.COMPLETED,
      providerId: 'twilio',
      providerMessageId: expect.stringMatching(/^SM\d{32}$/),
      delivery: { channel: 'sms', recipient: '+15555550100' },
    });
    const request = twilio.requests[before];
    expect(Object.fromEntries(request.form)).toEqual({
      To: '+15555550100',
      From: '+15005550006',
      Body: 'Grace commented on Notes on the Analytical Engine',
    });
  });

  it('uses MessagingServiceSid for a messaging-service sender and overrides.sms for recipient and text', async () => {
    const data = job(
      [twilioIntegration({ credentials: { ...TWILIO_TEST_ACCOUNT, from: 'MG0123', baseUrl: twilio.url } })],
      { overrides: { sms: { to: '+447700900123', content: 'Overridden' } } },
    );
    const before = twilio.requests.length;
    await world.dispatch(data);
    expect(await world.outcomeOf(data.jobId)).toMatchObject({
      status: JobStatus.COMPLETED,
      delivery: { recipient: '+447700900123' },
    });
    expect(Object.fromEntries(twilio.requests[before].form)).toEqual({
      To: '+447700900123',
      MessagingServiceSid: 'MG0123',
      Body: 'Overridden',
    });
  });

  it('reports an invalid number as a permanent failure with the Twilio error code', async () => {
    const base = job([twilioIntegration(), webhookIntegration()]);
    const data = { ...base, subscriber: { ...base.subscriber, phone: '555-0100' } };
    await world.dispatch(data);
    expect(await world.outcomeOf(data.jobId)).toMatchObject({
      status: JobStatus.FAILED,
      error: {
        code: 'provider_rejected',
        retryable: false,
        message: "twilio answered HTTP 400: 21211 The 'To' number 555-0100 is not a valid phone number.",
      },
    });
    expect(webhookCallsFor(data)).toHaveLength(0);
  });

  it.each([
    [429, 20429, 'Too Many Requests', 'provider_rate_limited'],
    [503, 20503, 'Service Unavailable', 'provider_unavailable'],
  ])('fails over from Twilio answering %s to the SMS webhook', async (status, code, message, failure) => {
    script.next.push({ status, body: { code, message, status } });
    const data = job([twilioIntegration(), webhookIntegration()]);
    const before = twilio.requests.length;
    await world.dispatch(data);
    expect(await world.outcomeOf(data.jobId)).toMatchObject({
      status: JobStatus.COMPLETED,
      providerId: 'sms-webhook',
      providerMessageId: 'hook-1',
      detail: expect.stringContaining(`failover from twilio: ${failure}`),
    });
    expect(twilio.requests.length - before).toBe(1);
    expect(webhookCallsFor(data)).toHaveLength(1);
  });

  it('reports bad Twilio credentials as an auth failure', async () => {
    const data = job([
      twilioIntegration({
        credentials: {
          accountSid: TWILIO_TEST_ACCOUNT.accountSid,
          token: 'wrong',
          from: '+15005550006',
          baseUrl: twilio.url,
        },
      }),
    ]);
    await world.dispatch(data);
    expect(await world.outcomeOf(data.jobId)).toMatchObject({
      status: JobStatus.FAILED,
      error: { code: 'provider_auth_failed', message: 'twilio answered HTTP 401: 20003 Authenticate' },
    });
  });

  it('posts a signed JSON body with the delivery key as Idempotency-Key to the SMS webhook', async () => {
    const data = job([webhookIntegration({ primary: true })]);
    await world.dispatch(data);
    expect(await world.outcomeOf(data.jobId)).toMatchObject({
      status: JobStatus.COMPLETED,
      providerId: 'sms-webhook',
      providerMessageId: 'hook-1',
    });
    const [request] = webhookCallsFor(data);
    expect(request.path).toBe('/sms');
    expect(request.json).toEqual({
      to: '+15555550100',
      from: 'Herald',
      content: 'Grace commented on Notes on the Analytical Engine',
      deliveryKey: data.deliveryKey,
      jobId: data.jobId,
      subscriberId: data.subscriber.subscriberId,
    });
    expect(request.headers['idempotency-key']).toBe(data.deliveryKey);
    expect(request.headers['x-herald-signature']).toBe(
      `sha256=${createHmac('sha256', 'whsec').update(request.body).digest('hex')}`,
    );
  });

  it('maps SMS webhook errors: 5xx retryable, 4xx permanent', async () => {
    webhook.respondWith(() => ({ status: 500, body: 'oops' }));
    const transient = job([webhookIntegration({ primary: true })]);
    await world.dispatch(transient);
    expect(await world.outcomeOf(transient.jobId)).toMatchObject({
      status: JobStatus.FAILED,
      error: { code: 'provider_unavailable', retryable: true },
    });
    webhook.respondWith(() => ({ status: 422, body: { message: 'unsupported destination' } }));
    const permanent = job([webhookIntegration({ primary: true })]);
    await world.dispatch(permanent);
    expect(await world.outcomeOf(permanent.jobId)).toMatchObject({
      status: JobStatus.FAILED,
      error: {
        code: 'provider_rejected',
        retryable: false,
        message: 'sms-webhook answered HTTP 422: unsupported destination',
      },
    });
  });

  it('refuses an SMS webhook on a link-local address', async () => {
    const data = job([
      webhookIntegration({ primary: true, credentials: { webhookUrl: 'http://169.254.169.254/sms' } }),
    ]);
    await world.dispatch(data);
    expect(await world.outcomeOf(data.jobId)).toMatchObject({
      status: JobStatus.FAILED,
      error: { code: 'outbound_url_refused', retryable: false },
    });
  });

  it('cancels a job whose subscriber has no phone number', async () => {
    const base = job([twilioIntegration()]);
    await world.dispatch({ ...base, subscriber: { ...base.subscriber, phone: null } });
    expect(await world.outcomeOf(base.jobId)).toMatchObject({
      status: JobStatus.CANCELED,
      detail: 'Subscriber has no phone number',
    });
  });
});
