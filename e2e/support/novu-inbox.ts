import { createHmac, randomBytes } from 'node:crypto';

import { expectEventually } from '@herald/testing';
import { Novu } from '@novu/js';

import { DELIVERY_TIMEOUT } from './expect-jobs.util';
import { HeraldApi } from './herald-api';
import type { HeraldSystem } from './herald-system';

/** Novu's `subscriberHash`: hex HMAC-SHA-256 of the subscriber id under the environment's secret key. */
export const subscriberHash = (apiKey: string, subscriberId: string): string =>
  createHmac('sha256', apiKey).update(subscriberId).digest('hex');

/** An environment of the system as a customer holds it: its public identifier and a secret key. */
export interface InboxEnvironment {
  identifier: string;
  apiKey: string;
  api: HeraldApi;
}

/** The dev environment the gateway seeded (identifier from `GET /v1/environments/me`, as a customer reads it). */
export async function devEnvironment(system: HeraldSystem): Promise<InboxEnvironment> {
  const api = new HeraldApi(system);
  const me = await api.request<{ data: { identifier: string } }>('GET', '/v1/environments/me');
  return { identifier: me.body.data.identifier, apiKey: system.apiKey, api };
}

/** A new organization and environment with a freshly issued key, through the operator routes. */
export async function newEnvironment(system: HeraldSystem, operatorToken: string): Promise<InboxEnvironment> {
  const admin = async <T>(path: string, body: unknown): Promise<T> => {
    const response = await fetch(`${system.adminUrl}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${operatorToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const json = (await response.json()) as { data: T };
    if (response.status !== 201) throw new Error(`${path}: ${response.status} ${JSON.stringify(json)}`);
    return json.data;
  };
  const suffix = randomBytes(4).toString('hex');
  const organization = await admin<{ _id: string }>('/admin/organizations', { name: `Inbox ${suffix}` });
  const environment = await admin<{ _id: string; identifier: string }>(
    `/admin/organizations/${organization._id}/environments`,
    { name: 'Production' },
  );
  const key = await admin<{ key: string }>(`/admin/environments/${environment._id}/api-keys`, {});
  return {
    identifier: environment.identifier,
    apiKey: key.key,
    api: new HeraldApi({ apiUrl: system.apiUrl, apiKey: key.key }),
  };
}

/** `@novu/js` pointed at Herald, as a customer's page would: only the URLs changed. No cache, so every read is the server's. */
export function novuClient(
  system: HeraldSystem,
  options: {
    applicationIdentifier: string;
    subscriberId?: string;
    subscriber?: Record<string, unknown>;
    subscriberHash?: string;
  },
): Novu {
  return new Novu({
    ...options,
    backendUrl: system.apiUrl,
    socketUrl: system.apiUrl,
    useCache: false,
  } as ConstructorParameters<typeof Novu>[0]);
}

/** The session answer of `@novu/js` (`session.initialize.resolved`): its data, or the error the server answered. */
export function sessionOf(novu: Novu): Promise<{ data?: Record<string, unknown>; error?: { status?: number } }> {
  return new Promise((resolve) => {
    const off = novu.on('session.initialize.resolved', ({ data, error }) => {
      off();
      resolve({ data: data as Record<string, unknown> | undefined, error: error as { status?: number } | undefined });
    });
  });
}

/** A session's token, from the raw route (as @novu/js posts it). */
export async function sessionToken(system: HeraldSystem, body: Record<string, unknown>): Promise<string> {
  const response = await fetch(`${system.apiUrl}/v1/inbox/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await response.json()) as { data: { token: string } };
  if (response.status !== 201) throw new Error(`session: ${response.status} ${JSON.stringify(json)}`);
  return json.data.token;
}

/** Calls an inbox route with a bearer token: status and JSON body. */
export async function inboxCall(
  system: HeraldSystem,
  token: string,
  method: string,
  path: string,
  body?: unknown,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- specs read arbitrary response fields
): Promise<{ status: number; body: any }> {
  const response = await fetch(`${system.apiUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

/** Waits until the subscriber's inbox (through `@novu/js`) holds `count` notifications; returns them. */
export async function expectInbox(novu: Novu, count: number) {
  return expectEventually(async () => {
    const { data, error } = await novu.notifications.list({ limit: 50 });
    expect(error).toBeUndefined();
    expect(data?.notifications).toHaveLength(count);
    return data?.notifications ?? [];
  }, DELIVERY_TIMEOUT);
}
