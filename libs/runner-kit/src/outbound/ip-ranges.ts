import { BlockList, isIP } from 'node:net';

/** An address family as node:net's BlockList spells it. */
export type IpFamily = 'ipv4' | 'ipv6';

/** A parsed CIDR block. */
export interface Cidr {
  address: string;
  prefix: number;
  family: IpFamily;
}

/** Address ranges a runner never contacts unless allowed, with the word used in refusals. */
const FORBIDDEN_RANGES: readonly (readonly [string, number, IpFamily, string])[] = [
  ['0.0.0.0', 8, 'ipv4', 'unspecified'],
  ['10.0.0.0', 8, 'ipv4', 'private'],
  ['100.64.0.0', 10, 'ipv4', 'private (carrier-grade NAT)'],
  ['127.0.0.0', 8, 'ipv4', 'loopback'],
  ['169.254.0.0', 16, 'ipv4', 'link-local'],
  ['172.16.0.0', 12, 'ipv4', 'private'],
  ['192.0.0.0', 24, 'ipv4', 'reserved'],
  ['192.168.0.0', 16, 'ipv4', 'private'],
  ['198.18.0.0', 15, 'ipv4', 'reserved (benchmarking)'],
  ['224.0.0.0', 4, 'ipv4', 'multicast'],
  ['240.0.0.0', 4, 'ipv4', 'reserved'],
  ['::', 96, 'ipv6', 'loopback or unspecified'],
  ['64:ff9b::', 96, 'ipv6', 'NAT64'],
  // Local-use NAT64 (RFC 8215), 6to4 (RFC 3056) and Teredo (RFC 4380) embed or translate to an
  // IPv4 address: through a relay or translator they reach 127.0.0.1 or 10.x as well as any other.
  ['64:ff9b:1::', 48, 'ipv6', 'NAT64'],
  ['2002::', 16, 'ipv6', 'IPv4-embedding (6to4)'],
  ['2001::', 32, 'ipv6', 'IPv4-embedding (Teredo)'],
  ['fc00::', 7, 'ipv6', 'private (unique local)'],
  ['fe80::', 10, 'ipv6', 'link-local'],
  ['fec0::', 10, 'ipv6', 'site-local'],
  ['ff00::', 8, 'ipv6', 'multicast'],
];

const forbidden = FORBIDDEN_RANGES.map(([address, prefix, family, label]) => {
  const list = new BlockList();
  list.addSubnet(address, prefix, family);
  return { list, family, label };
});

/** Parses `a.b.c.d/n` or `x::y/n` (a bare address is a /32 or /128), or says why it is not one. */
export function parseCidr(raw: string): Cidr | { error: string } {
  const [address, prefixText, extra] = raw.trim().split('/');
  const version = isIP(address ?? '');
  if (extra !== undefined || version === 0) return { error: `"${raw}" is not an IP address or CIDR block` };
  const family: IpFamily = version === 4 ? 'ipv4' : 'ipv6';
  const max = version === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (!/^\d+$/.test(prefixText ?? String(max)) || prefix > max)
    return { error: `"${raw}" has an invalid prefix length` };
  return { address, prefix, family };
}

/** The IPv4 address inside an IPv4-mapped IPv6 address (`::ffff:a.b.c.d`), else undefined. */
export function mappedIpv4(address: string): string | undefined {
  if (isIP(address) !== 6) return undefined;
  const groups = expandIpv6(address);
  if (!groups || groups.slice(0, 5).some((group) => group !== 0) || groups[5] !== 0xffff) return undefined;
  return [groups[6] >> 8, groups[6] & 0xff, groups[7] >> 8, groups[7] & 0xff].join('.');
}

/**
 * Why `address` is not a public unicast address (`"loopback"`, `"private"`, `"link-local"`, ...),
 * or undefined when it is one. IPv4-mapped IPv6 addresses are judged by their IPv4 address.
 */
export function nonPublicRange(address: string): string | undefined {
  const { ip, family } = normalizeAddress(address);
  return forbidden.find((range) => range.family === family && range.list.check(ip, family))?.label;
}

/** The address to judge and its family (IPv4-mapped IPv6 becomes IPv4). */
export function normalizeAddress(address: string): { ip: string; family: IpFamily } {
  const unbracketed = address.replace(/^\[|\]$/g, '');
  const v4 = mappedIpv4(unbracketed);
  if (v4) return { ip: v4, family: 'ipv4' };
  return { ip: unbracketed, family: isIP(unbracketed) === 6 ? 'ipv6' : 'ipv4' };
}

function expandIpv6(address: string): number[] | undefined {
  let text = address.split('%')[0];
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const bytes = dotted[1].split('.').map(Number);
    text = `${text.slice(0, -dotted[1].length)}${((bytes[0] << 8) | bytes[1]).toString(16)}:${((bytes[2] << 8) | bytes[3]).toString(16)}`;
  }
  const [head, tail] = text.split('::');
  const parse = (part: string | undefined) => (part ? part.split(':').map((group) => parseInt(group, 16)) : []);
  const left = parse(head);
  const right = parse(tail);
  if (tail === undefined) return left.length === 8 ? left : undefined;
  return [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
}
