import { mappedIpv4, nonPublicRange } from './ip-ranges';
import { OutboundGuard, OutboundRefusedError, parseCidrList } from './outbound-guard';

describe('nonPublicRange', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['10.0.0.8', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'private (carrier-grade NAT)'],
    ['169.254.169.254', 'link-local'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['::1', 'loopback or unspecified'],
    ['::', 'loopback or unspecified'],
    ['fd00::1', 'private (unique local)'],
    ['fe80::1', 'link-local'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:a9fe:a9fe', 'link-local'],
    ['64:ff9b::a00:1', 'NAT64'],
    ['64:ff9b::7f00:1', 'NAT64'],
    ['64:ff9b:1::a00:1', 'NAT64'],
    ['64:ff9b:1:ffff:ffff:ffff:ffff:ffff', 'NAT64'],
    ['2002:7f00:1::1', 'IPv4-embedding (6to4)'],
    ['2002:a9fe:a9fe::', 'IPv4-embedding (6to4)'],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'IPv4-embedding (Teredo)'],
    ['2001::1', 'IPv4-embedding (Teredo)'],
  ])('classifies %s as %s', (address, label) => {
    expect(nonPublicRange(address)).toBe(label);
  });

  const publicAddresses = ['8.8.8.8', '172.32.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'];
  publicAddresses.push('2001:4860:4860::8888', '2003::1', '64:ff9b:2::1');
  it.each(publicAddresses)('lets the public address %s through', (address) => {
    expect(nonPublicRange(address)).toBeUndefined();
  });

  it('reads IPv4-mapped IPv6 in both spellings', () => {
    expect(mappedIpv4('::ffff:192.168.0.1')).toBe('192.168.0.1');
    expect(mappedIpv4('::ffff:c0a8:1')).toBe('192.168.0.1');
    expect(mappedIpv4('2001:db8::1')).toBeUndefined();
  });
});

describe('OutboundGuard', () => {
  it('parses CIDR lists for configuration and names what is wrong', () => {
    expect(parseCidrList('127.0.0.0/8, ::1')).toEqual({
      value: [
        { address: '127.0.0.0', prefix: 8, family: 'ipv4' },
        { address: '::1', prefix: 128, family: 'ipv6' },
      ],
    });
    expect(parseCidrList('')).toEqual({ value: [] });
    expect(parseCidrList('10.0.0.0/33')).toEqual({ error: expect.stringContaining('invalid prefix length') });
    expect(parseCidrList('example.com')).toEqual({ error: expect.stringContaining('not an IP address') });
  });

  it('allows what an allowed block covers and refuses the rest', () => {
    const allowing = new OutboundGuard((parseCidrList('127.0.0.0/8') as { value: never }).value);
    expect(allowing.refusal('127.0.0.1')).toBeUndefined();
    expect(allowing.refusal('::ffff:127.0.0.1')).toBeUndefined();
    expect(allowing.refusal('10.0.0.1')).toBe('the target is a private address');
    expect(new OutboundGuard().refusal('127.0.0.1')).toBe('the target is a loopback address');
  });

  it('accepts only http and https URLs and checks IP-literal hosts at once', () => {
    const strict = new OutboundGuard();
    expect(strict.checkUrl('https://hooks.slack.com/services/x').hostname).toBe('hooks.slack.com');
    expect(() => strict.checkUrl('file:///etc/passwd')).toThrow(OutboundRefusedError);
    expect(() => strict.checkUrl('gopher://example.com')).toThrow(/scheme gopher is not allowed/);
    expect(() => strict.checkUrl('http://169.254.169.254/latest')).toThrow(/link-local/);
    expect(() => strict.checkUrl('http://[::1]:8080/')).toThrow(/loopback/);
    expect(() => strict.checkUrl('not a url')).toThrow(/not valid/);
  });

  it('never puts the URL in its refusal', () => {
    const error = (() => {
      try {
        new OutboundGuard().checkUrl('http://10.1.2.3/secret-token');
      } catch (caught) {
        return caught as Error;
      }
    })();
    expect(error?.message).not.toContain('secret-token');
    expect(error?.message).not.toContain('10.1.2.3');
  });

  it.each([
    'http://[2002:7f00:1::1]/hook',
    'https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/',
    'http://[64:ff9b:1::a9fe:a9fe]/',
    'http://[64:ff9b::7f00:1]/',
  ])('refuses %s, an IPv6 address that reaches IPv4 through a translator or relay', async (url) => {
    const guard = new OutboundGuard();
    expect(() => guard.checkUrl(url)).toThrow(OutboundRefusedError);
    await expect(guard.resolve(new URL(url).hostname)).rejects.toThrow(/NAT64|6to4|Teredo/);
  });

  it('refuses a name that resolves to a forbidden address', async () => {
    await expect(new OutboundGuard().resolve('localhost')).rejects.toThrow(/loopback/);
    const allowing = new OutboundGuard((parseCidrList('127.0.0.0/8,::1') as { value: never }).value);
    await expect(allowing.resolve('localhost')).resolves.toMatch(/^(127\.0\.0\.1|::1)$/);
  });
});
