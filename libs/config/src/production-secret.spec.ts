import { randomBytes } from 'node:crypto';

import { secret, str } from './config-variable';
import { ConfigValidationError, defineConfig } from './define-config';
import { DEV_SECRETS, KNOWN_DEV_SECRETS } from './known-dev-secrets';
import { isKnownDevSecret, productionSecretProblem, secretBytes } from './production-secret';

const strong = () => randomBytes(32).toString('base64');

const definition = defineConfig('test-service', {
  NODE_ENV: str({ doc: 'mode', default: 'development' }),
  SESSION_SECRET: secret({ doc: 'signs sessions', default: DEV_SECRETS.INBOX_SESSION_SECRET }),
  HMAC_SECRET: secret({ doc: 'hashes keys', default: 'a-dev-default-not-in-the-list-0123456789abcdef' }),
  OPERATOR: secret({ doc: 'admin token', default: '', optional: true }),
});

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    definition.load(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigValidationError) return error.problems;
    throw error;
  }
}

describe('production secrets', () => {
  it('keeps development zero-config: the dev defaults apply outside production', () => {
    expect(definition.load({})).toMatchObject({ SESSION_SECRET: DEV_SECRETS.INBOX_SESSION_SECRET, OPERATOR: '' });
  });

  it('refuses to start in production without a secret, one line per variable saying how to generate one', () => {
    const problems = problemsOf({ NODE_ENV: 'production' });
    expect(problems).toEqual([
      'SESSION_SECRET is required in production (generate one with: openssl rand -base64 32)',
      'HMAC_SECRET is required in production (generate one with: openssl rand -base64 32)',
    ]);
  });

  it('refuses every value published in the repository, its own default, and the same bytes re-encoded', () => {
    for (const published of KNOWN_DEV_SECRETS) {
      expect(problemsOf({ NODE_ENV: 'production', SESSION_SECRET: published, HMAC_SECRET: strong() })).toEqual([
        expect.stringMatching(/^SESSION_SECRET is a development value published/),
      ]);
    }
    expect(
      problemsOf({
        NODE_ENV: 'production',
        SESSION_SECRET: strong(),
        HMAC_SECRET: 'a-dev-default-not-in-the-list-0123456789abcdef',
      }),
    ).toEqual([expect.stringMatching(/^HMAC_SECRET is a development value/)]);
    const unpadded = DEV_SECRETS.CREDENTIALS_ENCRYPTION_KEY.replace(/=+$/, '');
    expect(isKnownDevSecret(unpadded)).toBe(true);
    expect(isKnownDevSecret(Buffer.from(DEV_SECRETS.CREDENTIALS_ENCRYPTION_KEY, 'base64').toString('base64url'))).toBe(
      true,
    );
  });

  it('refuses fewer than 32 bytes of key material, counted after decoding', () => {
    expect(secretBytes(randomBytes(31).toString('base64'))).toHaveLength(31);
    expect(secretBytes(randomBytes(32).toString('hex'))).toHaveLength(48);
    expect(secretBytes('pässwörd')).toHaveLength(10);
    const [problem] = problemsOf({
      NODE_ENV: 'production',
      SESSION_SECRET: randomBytes(31).toString('base64'),
      HMAC_SECRET: strong(),
    });
    expect(problem).toBe(
      'SESSION_SECRET carries 31 bytes, production needs at least 32 (generate one with: openssl rand -base64 32)',
    );
    // 32 typed characters are 24 bytes of base64: a word is not a key.
    expect(
      problemsOf({ NODE_ENV: 'production', SESSION_SECRET: 'abcdefghijklmnopqrstuvwxyzABCDEF', HMAC_SECRET: strong() }),
    ).toHaveLength(1);
  });

  it('accepts generated values, and leaves an optional secret unset (its feature stays off)', () => {
    expect(definition.load({ NODE_ENV: 'production', SESSION_SECRET: strong(), HMAC_SECRET: strong() })).toMatchObject({
      OPERATOR: '',
    });
    expect(
      problemsOf({
        NODE_ENV: 'production',
        SESSION_SECRET: strong(),
        HMAC_SECRET: strong(),
        OPERATOR: 'operator-token-for-tests-0123456789',
      }),
    ).toEqual([expect.stringMatching(/^OPERATOR is a development value/)]);
    expect(
      problemsOf({ NODE_ENV: 'production', SESSION_SECRET: strong(), HMAC_SECRET: strong(), OPERATOR: 'short' }),
    ).toEqual([expect.stringMatching(/^OPERATOR carries 3 bytes/)]);
  });

  it('holds every entry of a list to the rule', () => {
    const rule = { optional: true, list: true };
    expect(productionSecretProblem('KEYS', '', rule)).toBeUndefined();
    expect(productionSecretProblem('KEYS', `${strong()}, ${strong()}`, rule)).toBeUndefined();
    expect(productionSecretProblem('KEYS', `${strong()},${DEV_SECRETS.CREDENTIALS_ENCRYPTION_KEY}`, rule)).toMatch(
      /^KEYS entry 2 is a development value/,
    );
  });
});
