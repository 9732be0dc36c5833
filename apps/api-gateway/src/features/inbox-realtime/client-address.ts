import type { IncomingMessage } from 'node:http';

import proxyAddr from '@fastify/proxy-addr';

/**
 * The client address of a socket.io handshake exactly as Fastify computes `request.ip` for the
 * gateway's HTTP routes (`trustProxy` = TRUSTED_PROXIES): X-Forwarded-For is believed only from
 * those proxies. The failed-authentication limit keys on it, so a socket and a route agree.
 */
export function clientAddressOf(request: IncomingMessage, trustedProxies: readonly string[]): string {
  if (trustedProxies.length === 0) return request.socket.remoteAddress ?? '';
  return proxyAddr(request, proxyAddr.compile([...trustedProxies]));
}
