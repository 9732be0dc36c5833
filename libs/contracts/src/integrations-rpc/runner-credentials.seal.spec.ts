import { randomBytes } from 'node:crypto';

import { integrationsListForRunnerV2ResponseSchema } from './integrations-rpc.contract';
import { buildRunnerIntegrationFixture } from './integrations-rpc.fixture';
import {
  type RunnerCredentialsBinding,
  RunnerCredentialsSeal,
  RunnerCredentialsSealError,
  sealedCredentialsSchema,
} from './runner-credentials.seal';

describe('RunnerCredentialsSeal', () => {
  const key = randomBytes(32);
  const credentials = { apiKey: 'SG.runner-secret-value', secure: true, port: '587' };
  const binding: RunnerCredentialsBinding = { environmentId: 'env-1', integrationId: 'int-1', channel: 'email' };

  const refusal = (open: () => unknown): RunnerCredentialsSealError => {
    try {
      open();
    } catch (error) {
      if (error instanceof RunnerCredentialsSealError) return error;
      throw error;
    }
    throw new Error('the seal opened');
  };

  it('opens what it sealed, and the seal carries no credential in clear', () => {
    const seal = new RunnerCredentialsSeal(key);
    const sealed = seal.seal(credentials, binding);
    expect(sealedCredentialsSchema.parse(sealed)).toEqual(sealed);
    expect(sealed.keyId).toBe(RunnerCredentialsSeal.keyId(key));
    expect(JSON.stringify(sealed)).not.toContain('runner-secret-value');
    expect(Buffer.from(sealed.ciphertext, 'base64').toString('utf8')).not.toContain('runner-secret-value');
    expect(seal.open(sealed, binding)).toEqual(credentials);
  });

  it('uses a fresh IV per seal', () => {
    const seal = new RunnerCredentialsSeal(key);
    expect(seal.seal(credentials, binding).iv).not.toBe(seal.seal(credentials, binding).iv);
  });

  it('refuses a seal opened for another environment, integration or channel (associated data)', () => {
    const seal = new RunnerCredentialsSeal(key);
    const sealed = seal.seal(credentials, binding);
    for (const other of [
      { ...binding, environmentId: 'env-2' },
      { ...binding, integrationId: 'int-2' },
      { ...binding, channel: 'sms' as const },
      // No separator trick: the parts are a JSON array, not joined text.
      { ...binding, environmentId: 'env-1", "int-1', integrationId: '' },
    ]) {
      const error = refusal(() => seal.open(sealed, other));
      expect(error.code).toBe('not_authentic');
      expect(error.message).not.toContain('runner-secret-value');
    }
  });

  it('refuses a tampered seal', () => {
    const seal = new RunnerCredentialsSeal(key);
    const sealed = seal.seal(credentials, binding);
    const bytes = Buffer.from(sealed.ciphertext, 'base64');
    bytes[0] ^= 1;
    expect(refusal(() => seal.open({ ...sealed, ciphertext: bytes.toString('base64') }, binding)).code).toBe(
      'not_authentic',
    );
    expect(refusal(() => seal.open({ ...sealed, tag: Buffer.alloc(8).toString('base64') }, binding)).code).toBe(
      'not_authentic',
    );
  });

  it('refuses a seal under a key it does not hold, naming the variables to set and no key', () => {
    const sealed = new RunnerCredentialsSeal(randomBytes(32)).seal(credentials, binding);
    const error = refusal(() => new RunnerCredentialsSeal(key).open(sealed, binding));
    expect(error.code).toBe('unknown_key');
    expect(error.message).toMatch(/RUNNER_CREDENTIALS_KEY.*RUNNER_CREDENTIALS_KEY_PREVIOUS/);
    expect(error.message).not.toContain(key.toString('base64'));
  });

  it('rotation: opens a seal made under the previous key, and seals only under the current one', () => {
    const previous = randomBytes(32);
    const oldGateway = new RunnerCredentialsSeal(previous);
    const rotatedRunner = new RunnerCredentialsSeal(key, [previous]);
    expect(rotatedRunner.open(oldGateway.seal(credentials, binding), binding)).toEqual(credentials);
    const fresh = rotatedRunner.seal(credentials, binding);
    expect(fresh.keyId).toBe(RunnerCredentialsSeal.keyId(key));
    expect(refusal(() => oldGateway.open(fresh, binding)).code).toBe('unknown_key');
  });

  it('refuses keys that are not 32 bytes', () => {
    expect(() => new RunnerCredentialsSeal(randomBytes(16))).toThrow(/32 bytes/);
    expect(() => new RunnerCredentialsSeal(key, [randomBytes(31)])).toThrow(/32 bytes/);
  });

  it('v2 answers carry sealedCredentials and no clear credentials field', () => {
    const { credentials: clear, ...integration } = buildRunnerIntegrationFixture({ credentials });
    const sealed = new RunnerCredentialsSeal(key).seal(clear, { ...binding, integrationId: integration.id });
    const parsed = integrationsListForRunnerV2ResponseSchema.parse([
      { ...integration, sealedCredentials: sealed, credentials: clear },
    ]);
    expect(parsed[0]).not.toHaveProperty('credentials');
    expect(integrationsListForRunnerV2ResponseSchema.safeParse([integration]).success).toBe(false);
  });
});
