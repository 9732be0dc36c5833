import { randomBytes } from 'node:crypto';

import { CredentialsCipher } from './credentials-cipher';

describe('CredentialsCipher', () => {
  const key = randomBytes(32);
  const credentials = { apiKey: 'SG.secret', secure: true, port: '587' };

  it('round-trips credentials and never stores them in clear', () => {
    const cipher = new CredentialsCipher(key);
    const sealed = cipher.encrypt(credentials, 'env-1:integration-1');
    expect(sealed.ciphertext.toString('utf8')).not.toContain('SG.secret');
    expect(sealed.keyId).toBe(CredentialsCipher.keyId(key));
    expect(cipher.decrypt(sealed, 'env-1:integration-1')).toEqual(credentials);
  });

  it('uses a fresh IV per encryption', () => {
    const cipher = new CredentialsCipher(key);
    expect(cipher.encrypt(credentials, 'a').iv.equals(cipher.encrypt(credentials, 'a').iv)).toBe(false);
  });

  it('refuses a ciphertext moved to another row or tampered with', () => {
    const cipher = new CredentialsCipher(key);
    const sealed = cipher.encrypt(credentials, 'env-1:integration-1');
    expect(() => cipher.decrypt(sealed, 'env-2:integration-1')).toThrow();
    const tampered = { ...sealed, ciphertext: Buffer.from(sealed.ciphertext) };
    tampered.ciphertext[0] ^= 1;
    expect(() => cipher.decrypt(tampered, 'env-1:integration-1')).toThrow();
  });

  it('opens rows sealed with a retired key after a rotation and flags them stale', () => {
    const sealed = new CredentialsCipher(key).encrypt(credentials, 'aad');
    const rotated = new CredentialsCipher(randomBytes(32), [key]);
    expect(rotated.decrypt(sealed, 'aad')).toEqual(credentials);
    expect(rotated.isStale(sealed)).toBe(true);
    expect(rotated.isStale(rotated.encrypt(credentials, 'aad'))).toBe(false);
    expect(() => new CredentialsCipher(randomBytes(32)).decrypt(sealed, 'aad')).toThrow(/unknown key/);
  });
});
