import {
  expectEventually,
  type HttpReceiver,
  type SmtpReceiver,
  startHttpReceiver,
  startSmtpReceiver,
} from '@herald/testing';

import { createEnvironment } from '../fuzz/support/seed-environment';
import { DELIVERY_TIMEOUT, uniqueName } from './support/expect-jobs.util';
import { HeraldApi } from './support/herald-api';
import { type HeraldSystem, startHeraldSystem } from './support/herald-system';

// Issue 17, the console's last slice, end to end: an integration's send test through its channel's
// runner (integration.send-test.<channel>.v1), the per-integration counts and the throughput
// series counted by the worker, and a sent step's content re-rendered from the stored trigger.
const OPERATOR_TOKEN = 'console-insights-operator-token-0123456789';
const PUSH_SECRET = 'push-webhook-secret-0f3c9a7d';

let system: HeraldSystem;
let api: HeraldApi;
let smtp: SmtpReceiver;
let webhooks: HttpReceiver;
const ids = { smtp: '', push: '' };
const emailWorkflow = uniqueName('insights-email');
const pushWorkflow = uniqueName('insights-push');

interface SendTestAnswer {
  ok: boolean;
  channel: string;
  integrationId: string;
  providerId: string;
  recipient: string | null;
  providerMessageId: string | null;
  error: { code: string; message: string; retryable: boolean } | null;
  durationMs: number;
}
interface DeliveryStats {
  integrations: {
    integrationId: string;
    delivered: number;
    failed: number;
    errorRate: number | null;
    recent: { status: string; transactionId: string; errorCode: string | null }[];
  }[];
}
interface Throughput {
  bucketSeconds: number;
  points: { at: string; triggers: number; deliveries: number; failures: number }[];
}
interface Activity {
  data: { _id: string; jobs: { _id: string; type: string; status: string }[] }[];
}

function systemIt(name: string, body: () => Promise<void>): void {
  it(name, () => system.withLogsOnFailure(body));
}

async function createIntegration(body: Record<string, unknown>): Promise<string> {
  const response = await api.request<{ data: { _id: string } }>('POST', '/v1/integrations', body);
  if (response.status !== 201) throw new Error(`integration: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.data._id;
}

/** Waits until the transaction's one notification has every job settled; answers it. */
async function settled(transactionId: string): Promise<Activity['data'][number]> {
  return expectEventually(async () => {
    const response = await api.request<Activity>('GET', `/v1/notifications?transactionId=${transactionId}`);
    const notification = response.body.data[0];
    expect(notification?.jobs.map((job) => job.status)).toEqual([expect.stringMatching(/^(completed|failed)$/)]);
    return notification;
  }, DELIVERY_TIMEOUT);
}

const sum = (series: Throughput, field: 'triggers' | 'deliveries' | 'failures') =>
  series.points.reduce((total, point) => total + point[field], 0);

beforeAll(async () => {
  [smtp, webhooks] = await Promise.all([
    startSmtpReceiver(),
    startHttpReceiver(() => ({ status: 401, body: { error: 'invalid token for this sender' } })),
  ]);
  system = await startHeraldSystem('console-insights', { env: { OPERATOR_TOKEN } });
  api = new HeraldApi(system);
  ids.smtp = await createIntegration({
    providerId: 'nodemailer',
    channel: 'email',
    identifier: uniqueName('smtp'),
    credentials: { host: smtp.host, port: String(smtp.port), secure: false, from: 'herald@example.com' },
  });
  ids.push = await createIntegration({
    providerId: 'push-webhook',
    channel: 'push',
    identifier: uniqueName('push'),
    credentials: { webhookUrl: `${webhooks.url}/push?token=${PUSH_SECRET}` },
  });
  await api.createWorkflow({
    workflowId: emailWorkflow,
    steps: [
      {
        name: 'Email',
        type: 'email',
        controlValues: {
          subject: 'Order {{payload.order}} for {{subscriber.firstName}}',
          body: '<p>Hello {{subscriber.firstName}}, your order {{payload.order}} shipped: {{payload.note}}</p>',
        },
      },
    ],
  });
  await api.createWorkflow({
    workflowId: pushWorkflow,
    steps: [{ name: 'Push', type: 'push', controlValues: { subject: 'Ping', body: 'Hello {{payload.order}}' } }],
  });
}, 180_000);

afterAll(async () => {
  await system?.stop();
  await Promise.all([smtp?.close(), webhooks?.close()]);
}, 90_000);

describe('POST /v1/integrations/:integrationId/test', () => {
  systemIt('sends one message through the SMTP integration and answers what the server said', async () => {
    const to = `${uniqueName('test')}@example.com`;
    const response = await api.request<{ data: SendTestAnswer }>('POST', `/v1/integrations/${ids.smtp}/test`, {
      to,
      subject: 'Is this thing on?',
    });
    expect(response.status).toBe(200);
    expect(response.body.data).toMatchObject({
      ok: true,
      channel: 'email',
      integrationId: ids.smtp,
      providerId: 'nodemailer',
      recipient: to,
      error: null,
    });
    expect(response.body.data.providerMessageId).toEqual(expect.any(String));
    const mail = await expectEventually(() => {
      const found = smtp.messages.find((message) => message.to.includes(to));
      expect(found).toBeDefined();
      return found!;
    }, DELIVERY_TIMEOUT);
    expect(mail.headers.get('subject')).toBe('Is this thing on?');
  });

  systemIt("answers the provider's refusal without its credentials", async () => {
    const before = webhooks.requests.length;
    const response = await api.request<{ data: SendTestAnswer }>('POST', `/v1/integrations/${ids.push}/test`, {
      to: 'device-token-of-a-test-phone',
    });
    expect(response.status).toBe(200);
    expect(response.body.data).toMatchObject({ ok: false, channel: 'push', providerMessageId: null });
    expect(response.body.data.error).toMatchObject({ code: 'provider_auth_failed', retryable: false });
    expect(response.body.data.error?.message).toContain('401');
    expect(webhooks.requests.length).toBe(before + 1);
    const answer = JSON.stringify(response.body);
    expect(answer).not.toContain(PUSH_SECRET);
    expect(answer).not.toContain('device-token-of-a-test-phone');
  });

  systemIt('refuses a recipient that does not fit the channel, and unknown integrations', async () => {
    const bad = await api.request<{ statusCode: number; errors: Record<string, { messages: string[] }> }>(
      'POST',
      `/v1/integrations/${ids.smtp}/test`,
      { to: 'not-an-address' },
    );
    expect(bad.status).toBe(422);
    expect(bad.body.statusCode).toBe(422);
    expect(bad.body.errors.to.messages[0]).toContain('email address');
    const typed = await api.request('POST', `/v1/integrations/${ids.smtp}/test`, { to: 42 });
    expect(typed.status).toBe(422);
    const missing = await api.request<{ statusCode: number }>(
      'POST',
      '/v1/integrations/00000000-0000-4000-8000-000000000000/test',
      { to: 'a@example.com' },
    );
    expect(missing.status).toBe(404);
    expect(missing.body.statusCode).toBe(404);
  });
});

describe('per-integration counts, throughput and sent content', () => {
  let emailNotification: Activity['data'][number];
  let emailTransaction: string;
  let pushTransaction: string;
  const subscriberId = uniqueName('ada');

  beforeAll(async () => {
    await system.withLogsOnFailure(async () => {
      emailTransaction = (
        await api.trigger({
          name: emailWorkflow,
          to: { subscriberId, email: `${subscriberId}@example.com`, firstName: 'Ada' },
          payload: { order: 'A-17', note: '<b>fragile</b>' },
        })
      ).transactionId;
      emailNotification = await settled(emailTransaction);
      const channels = [{ providerId: 'push-webhook', credentials: { deviceTokens: [`device-${subscriberId}`] } }];
      pushTransaction = (
        await api.trigger({ name: pushWorkflow, to: { subscriberId, channels }, payload: { order: 'A-18' } })
      ).transactionId;
      await settled(pushTransaction);
    });
  }, 120_000);

  systemIt('counts what the runners reported per integration, tests aside', async () => {
    const response = await api.request<{ data: DeliveryStats }>('GET', '/v1/integrations/delivery-stats?hours=1');
    expect(response.status).toBe(200);
    const byId = new Map(response.body.data.integrations.map((entry) => [entry.integrationId, entry]));
    // The send tests above reached both providers but are not jobs: only the two triggers count.
    expect(byId.get(ids.smtp)).toMatchObject({ delivered: 1, failed: 0, errorRate: 0 });
    expect(byId.get(ids.smtp)?.recent).toEqual([
      expect.objectContaining({ status: 'delivered', transactionId: emailTransaction, errorCode: null }),
    ]);
    expect(byId.get(ids.push)).toMatchObject({ delivered: 0, failed: 1, errorRate: 1 });
    expect(byId.get(ids.push)?.recent[0]).toMatchObject({
      status: 'failed',
      transactionId: pushTransaction,
      errorCode: 'provider_auth_failed',
    });
    const invalid = await api.request('GET', '/v1/integrations/delivery-stats?hours=0');
    expect(invalid.status).toBe(422);
  });

  systemIt('answers triggers, deliveries and failures per minute over the last hour', async () => {
    const response = await api.request<{ data: Throughput }>('GET', '/v1/notifications/throughput');
    expect(response.status).toBe(200);
    const series = response.body.data;
    expect(series.bucketSeconds).toBe(60);
    expect(series.points).toHaveLength(60);
    const minutes = series.points.map((point) => Date.parse(point.at));
    for (let i = 1; i < minutes.length; i++) expect(minutes[i] - minutes[i - 1]).toBe(60_000);
    expect({ triggers: sum(series, 'triggers'), deliveries: sum(series, 'deliveries') }).toEqual({
      triggers: 2,
      deliveries: 1,
    });
    expect(sum(series, 'failures')).toBe(1);
    const short = await api.request<{ data: Throughput }>('GET', '/v1/notifications/throughput?minutes=5');
    expect(short.body.data.points).toHaveLength(5);
    expect((await api.request('GET', '/v1/notifications/throughput?minutes=abc')).status).toBe(422);
  });

  systemIt('re-renders the sent email from the stored trigger, as the SMTP server received it', async () => {
    const job = emailNotification.jobs[0];
    const response = await api.request<{
      data: { channel: string; status: string; content: { subject: string; body: string }; error: null };
    }>('GET', `/v1/notifications/${emailNotification._id}/jobs/${job._id}/content`);
    expect(response.status).toBe(200);
    expect(response.body.data).toMatchObject({ channel: 'email', status: 'completed', error: null });
    const mail = smtp.messages.find((message) => message.to.includes(`${subscriberId}@example.com`));
    expect(mail).toBeDefined();
    expect(response.body.data.content.subject).toBe('Order A-17 for Ada');
    expect(response.body.data.content.subject).toBe(mail?.headers.get('subject'));
    // The payload's HTML was escaped when sent, and is escaped the same way now.
    expect(response.body.data.content.body).toContain('&lt;b&gt;fragile&lt;/b&gt;');
    expect(mail?.html?.replace(/\s+/g, ' ')).toContain(response.body.data.content.body.replace(/\s+/g, ' '));

    const otherJob = await api.request(
      'GET',
      `/v1/notifications/${emailNotification._id}/jobs/${emailNotification._id}/content`,
    );
    expect(otherJob.status).toBe(404);
    expect((await api.request('GET', `/v1/notifications/not-a-uuid/jobs/${job._id}/content`)).status).toBe(404);
  });

  systemIt("never answers another environment's integrations, counts or content", async () => {
    const me = await api.request<{ data: { _organizationId: string } }>('GET', '/v1/environments/me');
    const other = new HeraldApi({
      apiUrl: system.apiUrl,
      apiKey: (await createEnvironment(system.adminUrl, OPERATOR_TOKEN, me.body.data._organizationId)).apiKey,
    });
    const job = emailNotification.jobs[0];
    expect(
      (await other.request('GET', `/v1/notifications/${emailNotification._id}/jobs/${job._id}/content`)).status,
    ).toBe(404);
    expect((await other.request('POST', `/v1/integrations/${ids.smtp}/test`, { to: 'x@example.com' })).status).toBe(
      404,
    );
    const stats = await other.request<{ data: DeliveryStats }>('GET', '/v1/integrations/delivery-stats');
    expect(stats.body.data.integrations).toEqual([]);
    const series = await other.request<{ data: Throughput }>('GET', '/v1/notifications/throughput');
    expect(sum(series.body.data, 'triggers') + sum(series.body.data, 'deliveries')).toBe(0);
  });
});
