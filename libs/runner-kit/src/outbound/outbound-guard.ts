import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';

import { Cidr, nonPublicRange, normalizeAddress, parseCidr } from './ip-ranges';

/** A target the guard refuses. Its message names the kind of address, never the URL (URLs can be credentials). */
export class OutboundRefusedError extends Error {
  readonly code = 'outbound_url_refused';

  constructor(reason: string) {
    super(`outbound request refused: ${reason}`);
    this.name = 'OutboundRefusedError';
  }
}

/** Parses a comma-separated CIDR list (config values), or says what is wrong with it. */
export function parseCidrList(raw: string): { value: Cidr[] } | { error: string } {
  const cidrs: Cidr[] = [];
  for (const part of raw
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)) {
    const parsed = parseCidr(part);
    if ('error' in parsed)
      return { error: `must be a comma-separated list of IP addresses or CIDR blocks: ${parsed.error}` };
    cidrs.push(parsed);
  }
  return { value: cidrs };
}

/**
 * Keeps runners from being used to reach internal networks (SSRF): webhook URLs and provider
 * hosts come from customers, so a runner refuses loopback, private, link-local and other
 * non-public addresses unless they fall in an allowed CIDR block. The check runs on the
 * addresses the connection actually uses (a `lookup` hook), so DNS rebinding cannot slip past.
 */
export class OutboundGuard {
  private readonly allowed = new BlockList();

  constructor(allowedCidrs: readonly Cidr[] = []) {
    for (const cidr of allowedCidrs) this.allowed.addSubnet(cidr.address, cidr.prefix, cidr.family);
  }

  /** Why `address` may not be contacted, or undefined when it may. */
  refusal(address: string): string | undefined {
    const range = nonPublicRange(address);
    if (!range) return undefined;
    const { ip, family } = normalizeAddress(address);
    return this.allowed.check(ip, family) ? undefined : `the target is a ${range} address`;
  }

  /** Parses and checks a URL (http or https; an IP-literal host is checked now, a name at connect time). */
  checkUrl(raw: string): URL {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new OutboundRefusedError('the URL is not valid');
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
      throw new OutboundRefusedError(`the scheme ${url.protocol.replace(':', '')} is not allowed`);
    this.checkHost(url.hostname);
    return url;
  }

  /** Throws when `host` is an IP literal that may not be contacted (names are checked when resolved). */
  checkHost(host: string): void {
    const literal = host.replace(/^\[|\]$/g, '');
    if (isIP(literal) === 0) return;
    const refusal = this.refusal(literal);
    if (refusal) throw new OutboundRefusedError(refusal);
  }

  /** Resolves `host` and returns an address that may be contacted; refuses when any address may not. */
  async resolve(host: string): Promise<string> {
    this.checkHost(host);
    const literal = host.replace(/^\[|\]$/g, '');
    if (isIP(literal) !== 0) return literal;
    const addresses = await new Promise<LookupAddress[]>((resolve, reject) =>
      dnsLookup(host, { all: true }, (error, found) => (error ? reject(error) : resolve(found))),
    );
    return this.pick(addresses).address;
  }

  /** A `lookup` for node:net/http that only yields allowed addresses (every resolved address must be allowed). */
  readonly lookup: LookupFunction = (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      let allowed: LookupAddress[];
      try {
        this.pick(addresses);
        allowed = addresses;
      } catch (refused) {
        return callback(refused as NodeJS.ErrnoException, '', 0);
      }
      if ((options as { all?: boolean }).all)
        return (callback as unknown as (error: null, addresses: LookupAddress[]) => void)(null, allowed);
      callback(null, allowed[0].address, allowed[0].family);
    });
  };

  private pick(addresses: readonly LookupAddress[]): LookupAddress {
    if (addresses.length === 0) throw new OutboundRefusedError('the host has no address');
    for (const { address } of addresses) {
      const refusal = this.refusal(address);
      if (refusal) throw new OutboundRefusedError(refusal);
    }
    return addresses[0];
  }
}
