import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';

import { jwtVerify } from 'jose';

/** The signing key and app the fake knows. */
export const APNS_TEST_APP = { keyId: 'ABC123DEFG', teamId: 'DEF123GHIJ', bundleId: 'dev.herald.example' };
/** A device token APNs calls Unregistered (410). */
export const UNREGISTERED_DEVICE = 'f'.repeat(64);
/** A device token APNs calls BadDeviceToken (400). */
export const BAD_DEVICE = 'b'.repeat(64);

/** One request the fake received. */
export interface ApnsRequest {
  path: string;
  headers: http2.IncomingHttpHeaders;
  json: unknown;
}

/** A scripted answer: status and APNs `reason`. */
export interface ApnsAnswer {
  status: number;
  reason?: string;
}

/** The fake APNs: an h2c server, the p8 key for the integration, what it received, what it answers next. */
export interface FakeApns {
  url: string;
  /** The integration's `.p8` key (PKCS #8 PEM). */
  privateKeyPem: string;
  requests: ApnsRequest[];
  next: ApnsAnswer[];
  /** Provider tokens seen (distinct JWTs). */
  providerTokens: Set<string>;
  close(): Promise<void>;
}

/**
 * APNs as tests need it, over HTTP/2 (cleartext h2c on loopback): `POST /3/device/<hex token>`,
 * `authorization: bearer <JWT>` verified as ES256 against the key's public half with `kid` and
 * `iss`, `apns-topic` the bundle id, `apns-push-type` set, `apns-id` a UUID, a JSON payload with
 * `aps`; 200 with `apns-id`, or `{reason}` with APNs's statuses (403 InvalidProviderToken,
 * 400 BadDeviceToken/BadTopic/BadCollapseId, 410 Unregistered with a timestamp, 429, 503).
 */
export async function startFakeApns(): Promise<FakeApns> {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const requests: ApnsRequest[] = [];
  const next: ApnsAnswer[] = [];
  const providerTokens = new Set<string>();
  const server = http2.createServer();
  server.on('stream', (stream, headers) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const request: ApnsRequest = { path: String(headers[':path']), headers, json: parse(body) };
      requests.push(request);
      void answer(request, publicKey, providerTokens, next).then(({ status, reason, apnsId }) => {
        if (stream.destroyed) return;
        stream.respond({
          ':status': status,
          ...(apnsId ? { 'apns-id': apnsId } : {}),
          ...(reason ? { 'content-type': 'application/json' } : {}),
        });
        stream.end(
          reason ? JSON.stringify(status === 410 ? { reason, timestamp: Date.now() } : { reason }) : undefined,
        );
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    requests,
    next,
    providerTokens,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function answer(
  request: ApnsRequest,
  publicKey: KeyObject,
  providerTokens: Set<string>,
  next: ApnsAnswer[],
): Promise<ApnsAnswer & { apnsId?: string }> {
  const { headers } = request;
  const apnsId = typeof headers['apns-id'] === 'string' ? headers['apns-id'] : undefined;
  const device = /^\/3\/device\/([0-9a-fA-F]+)$/.exec(request.path)?.[1];
  if (headers[':method'] !== 'POST') return { status: 405, reason: 'MethodNotAllowed' };
  if (!device) return { status: 404, reason: 'BadPath' };
  const auth = String(headers.authorization ?? '');
  if (!auth.startsWith('bearer ')) return { status: 403, reason: 'MissingProviderToken' };
  const jwt = auth.slice('bearer '.length);
  try {
    const { protectedHeader, payload } = await jwtVerify(jwt, publicKey, { algorithms: ['ES256'] });
    if (protectedHeader.kid !== APNS_TEST_APP.keyId || payload.iss !== APNS_TEST_APP.teamId || !payload.iat)
      return { status: 403, reason: 'InvalidProviderToken' };
  } catch {
    return { status: 403, reason: 'InvalidProviderToken' };
  }
  providerTokens.add(jwt);
  if (!headers['apns-topic']) return { status: 400, reason: 'MissingTopic' };
  if (headers['apns-topic'] !== APNS_TEST_APP.bundleId) return { status: 400, reason: 'BadTopic' };
  if (!['alert', 'background', 'voip'].includes(String(headers['apns-push-type'])))
    return { status: 400, reason: 'InvalidPushType' };
  if (!apnsId || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(apnsId))
    return { status: 400, reason: 'BadMessageId' };
  const payload = request.json as { aps?: unknown } | undefined;
  if (!payload || typeof payload.aps !== 'object') return { status: 400, reason: 'PayloadEmpty' };
  if (device === UNREGISTERED_DEVICE) return { status: 410, reason: 'Unregistered' };
  if (device === BAD_DEVICE || device.length !== 64) return { status: 400, reason: 'BadDeviceToken' };
  const scripted = next.shift();
  if (scripted) return scripted;
  return { status: 200, apnsId };
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
