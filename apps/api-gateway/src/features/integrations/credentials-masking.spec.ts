import { maskCredentials, maskSecret, mergeCredentials } from './credentials-masking';

describe('credential masking', () => {
  const stored = {
    apiKey: 'SG.very-secret-key-1234',
    from: 'noreply@example.com',
    secure: true,
    password: 'short',
    port: '587',
  };

  it('shows public fields, masks secrets and keeps flags', () => {
    expect(maskCredentials({ ...stored, tlsOptions: { rejectUnauthorized: false } })).toEqual({
      apiKey: '********1234',
      from: 'noreply@example.com',
      secure: true,
      password: '********',
      port: '587',
    });
    expect(maskSecret('abc')).toBe('********');
  });

  it('keeps a stored secret when the client sends back its mask, replaces it otherwise, and removes on null', () => {
    const shown = maskCredentials(stored);
    expect(mergeCredentials(stored, shown)).toEqual(stored);
    expect(mergeCredentials(stored, { apiKey: 'SG.new', from: 'a@b.c' })).toMatchObject({
      apiKey: 'SG.new',
      from: 'a@b.c',
      password: 'short',
    });
    expect(mergeCredentials(stored, { password: null })).not.toHaveProperty('password');
    expect(mergeCredentials(stored, { webhookUrl: '********' })).toMatchObject({ webhookUrl: '********' });
  });
});
