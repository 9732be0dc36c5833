import { createHash } from 'node:crypto';

import { canonicalJson } from '../../core/json/canonical-json';
import { requestFingerprint } from './request-fingerprint';

describe('requestFingerprint', () => {
  const body = { name: 'welcome', to: ['a', 'b'], payload: { x: 1, y: { z: true } } };

  it('ignores key order', () => {
    const reordered = { payload: { y: { z: true }, x: 1 }, to: ['a', 'b'], name: 'welcome' };
    expect(requestFingerprint('POST', '/v1/events/trigger', reordered)).toBe(
      requestFingerprint('post', '/v1/events/trigger', body),
    );
  });

  it('differs for another body, path or method', () => {
    const fingerprint = requestFingerprint('POST', '/v1/events/trigger', body);
    expect(requestFingerprint('POST', '/v1/events/trigger', { ...body, to: ['b', 'a'] })).not.toBe(fingerprint);
    expect(requestFingerprint('POST', '/v1/events/trigger/bulk', body)).not.toBe(fingerprint);
    expect(requestFingerprint('PATCH', '/v1/events/trigger', body)).not.toBe(fingerprint);
  });

  it('matches the fingerprints stored by earlier releases (same bytes hashed)', () => {
    const stored = createHash('sha256').update('POST /v1/events/trigger\n').update(canonicalJson(body)).digest('hex');
    expect(requestFingerprint('POST', '/v1/events/trigger', body)).toBe(stored);
  });

  it('is a sha-256 hex digest, also for an empty body', () => {
    expect(requestFingerprint('POST', '/x', undefined)).toMatch(/^[0-9a-f]{64}$/);
  });
});
