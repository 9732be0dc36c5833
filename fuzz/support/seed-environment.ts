import { randomBytes } from 'node:crypto';

import { expectEventually } from '@herald/testing';

import { type ApiResponse, HeraldApi } from '../../e2e/support/herald-api';
import type { KnownIds, TriggerTargets } from './route-coverage';

/** One environment's objects, as the suites aim at them. */
export interface SeededEnvironment {
  known: KnownIds;
  targets: TriggerTargets;
  /** The integration credential values sent in clear (they must never come back or reach a log). */
  credentialSecrets: string[];
  /** Strings unique to this environment's objects: seeing one from another environment is a leak. */
  markers: string[];
  /** The tag of the triggered workflow (what `/v2/environments/:id/tags` lists; its subscribers see it too). */
  workflowTag: string;
}

const unique = (name: string) => `${name}-${randomBytes(4).toString('hex')}`;

async function expectCreated<T>(label: string, response: Promise<ApiResponse<T>>): Promise<T> {
  const answer = await response;
  if (answer.status !== 200 && answer.status !== 201)
    throw new Error(`${label}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

/** A session token of `subscriberId` in the environment behind `api`, from the public inbox session route (as @novu/js gets one). */
export async function inboxSessionToken(api: HeraldApi, apiUrl: string, subscriberId: string): Promise<string> {
  const me = await expectCreated<{ data: { identifier: string } }>('me', api.request('GET', '/v1/environments/me'));
  const response = await fetch(`${apiUrl}/v1/inbox/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ applicationIdentifier: me.data.identifier, subscriber: { subscriberId } }),
  });
  const json = (await response.json()) as { data: { token: string } };
  if (response.status !== 201) throw new Error(`inbox session: ${response.status} ${JSON.stringify(json)}`);
  return json.data.token;
}

/** An environment created through the operator routes (`adminUrl`: the operator listener), with a fresh API key. */
export async function createEnvironment(
  adminUrl: string,
  operatorToken: string,
  organizationId?: string,
): Promise<{ apiKey: string; environmentId: string; organizationId: string; keyId: string }> {
  const admin = (path: string, body?: unknown) =>
    fetch(`${adminUrl}${path}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${operatorToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body ?? {}),
    }).then(async (response) => {
      const json = (await response.json()) as { data: Record<string, string> };
      if (response.status !== 201) throw new Error(`${path}: ${response.status} ${JSON.stringify(json)}`);
      return json.data;
    });
  const orgId = organizationId ?? (await admin('/admin/organizations', { name: unique('org') }))._id;
  const environment = await admin(`/admin/organizations/${orgId}/environments`, { name: unique('env') });
  const key = await admin(`/admin/environments/${environment._id}/api-keys`);
  return { apiKey: key.key, environmentId: environment._id, organizationId: orgId, keyId: key._id };
}

/**
 * Creates one of everything in the environment behind `api`: two workflows (one only triggered,
 * one to be edited), a subscriber with chat credentials, a topic with a subscription, a tenant, an
 * integration with secret credentials, and a trigger delivered to the in-app inbox (so there is a
 * notification and a message). Waits for the message.
 */
export async function seedEnvironment(
  api: HeraldApi,
  ids: { environmentId: string; organizationId: string; keyId: string },
  apiUrl: string,
): Promise<SeededEnvironment> {
  const workflowId = unique('wf-trigger');
  const editWorkflowId = unique('wf-edit');
  const subscriberId = unique('sub');
  const topicKey = unique('topic');
  const tenant = unique('tenant');
  const workflowTag = unique('tag');
  const secret = `secret-${randomBytes(16).toString('hex')}`;
  const webhookSecret = `https://hooks.example.com/${randomBytes(16).toString('hex')}`;
  await api.createWorkflow({
    workflowId,
    name: unique('Workflow name'),
    tags: [workflowTag],
    steps: [{ name: 'Inbox', type: 'in_app', controlValues: { subject: 'Hi', body: `Hello ${workflowId}` } }],
  });
  await api.createWorkflow({
    workflowId: editWorkflowId,
    steps: [{ name: 'Inbox', type: 'in_app', controlValues: { body: 'Edit me' } }],
  });
  await expectCreated(
    'subscriber',
    api.request('POST', '/v2/subscribers', {
      subscriberId,
      email: `${subscriberId}@example.com`,
      firstName: subscriberId,
    }),
  );
  await expectCreated(
    'credentials',
    api.request('PUT', `/v1/subscribers/${subscriberId}/credentials`, {
      providerId: 'slack',
      credentials: { webhookUrl: webhookSecret },
    }),
  );
  await expectCreated('topic', api.request('POST', '/v2/topics', { key: topicKey, name: unique('Topic name') }));
  await expectCreated(
    'subscription',
    api.request('POST', `/v2/topics/${topicKey}/subscriptions`, { subscriberIds: [subscriberId] }),
  );
  await expectCreated(
    'tenant',
    api.request('POST', '/v1/tenants', { identifier: tenant, name: unique('Tenant name') }),
  );
  const integration = await expectCreated<{ data: { _id: string } }>(
    'integration',
    api.request('POST', '/v1/integrations', {
      providerId: 'sendgrid',
      channel: 'email',
      identifier: unique('sendgrid'),
      active: false,
      // A send test (once a case activates it) is refused at once, never sent to SendGrid.
      credentials: { apiKey: secret, from: 'a@example.com', baseUrl: 'http://127.0.0.1:9' },
    }),
  );
  const layoutId = unique('layout');
  await expectCreated(
    'layout',
    api.request('POST', '/v1/layouts', {
      name: layoutId,
      identifier: layoutId,
      content: `<div>${layoutId}{{{body}}}</div>`,
    }),
  );
  const { transactionId } = await api.trigger({ name: workflowId, to: subscriberId, payload: {}, tenant });
  const message = await expectEventually(
    async () => {
      const response = await api.request<{ data: { _id: string; _notificationId?: string }[] }>(
        'GET',
        `/v1/messages?subscriberId=${subscriberId}&transactionId=${transactionId}`,
      );
      if (response.status !== 200 || response.body.data.length === 0)
        throw new Error(`no message yet: ${response.status} ${JSON.stringify(response.body)}`);
      return response.body.data[0];
    },
    { timeoutMs: 60_000, intervalMs: 250 },
  );
  const notifications = await expectCreated<{ data: { _id: string; jobs: { _id: string }[] }[] }>(
    'notifications',
    api.request('GET', `/v1/notifications?transactionId=${transactionId}`),
  );
  // The same message as the subscriber's inbox (`/v1/inbox/notifications`) names it.
  const inboxToken = await inboxSessionToken(api, apiUrl, subscriberId);
  const inbox = (await fetch(`${apiUrl}/v1/inbox/notifications`, {
    headers: { Authorization: `Bearer ${inboxToken}` },
  }).then((response) => response.json())) as { data: { id: string }[] };
  const inboxNotificationId = inbox.data[0]?.id;
  if (!inboxNotificationId) throw new Error(`no inbox notification: ${JSON.stringify(inbox)}`);
  return {
    known: {
      workflowId: editWorkflowId,
      templateId: editWorkflowId,
      // The edit workflow's one step ('Inbox'), by its default stepId.
      stepId: 'inbox',
      layoutId,
      subscriberId,
      topicKey,
      identifier: tenant,
      subscriptionIdentifier: `tk_${topicKey}:si_${subscriberId}`,
      integrationId: integration.data._id,
      transactionId,
      notificationId: notifications.data[0]?._id ?? message._notificationId ?? 'none',
      jobId: notifications.data[0]?.jobs[0]?._id ?? 'none',
      messageId: message._id,
      inboxNotificationId,
      providerId: 'slack',
      buttonType: 'primary',
      ...ids,
    },
    targets: { workflowId, subscriberId, topicKey, tenant },
    credentialSecrets: [secret, webhookSecret.split('/').pop() ?? webhookSecret],
    workflowTag,
    markers: [
      workflowId,
      layoutId,
      editWorkflowId,
      subscriberId,
      topicKey,
      tenant,
      workflowTag,
      transactionId,
      integration.data._id,
      message._id,
      inboxNotificationId,
    ],
  };
}
