import { randomBytes } from 'node:crypto';

import {
  encryptionKey,
  encryptionKeyList,
  runnerCredentialsKey,
  runnerCredentialsPreviousKeys,
} from './encryption-key';
import { DEV_SECRETS } from './known-dev-secrets';

describe('encryption key variables', () => {
  const key = randomBytes(32);

  it('parses keys from configuration', () => {
    const variable = encryptionKey({ doc: 'k' });
    expect(variable.parse(key.toString('base64'))).toEqual({ value: key });
    expect(variable.parse('c2hvcnQ=')).toHaveProperty('error');
    expect(variable.parse('not base64!')).toHaveProperty('error');
    const list = encryptionKeyList({ doc: 'l' });
    expect(list.parse(` ${key.toString('base64')} , ${key.toString('base64')}`)).toEqual({ value: [key, key] });
    expect(list.parse(`${key.toString('base64')},bad`)).toEqual({
      error: 'entry 2 must be 32 bytes encoded as base64',
    });
  });

  it('gives the runner credentials key a dev default that is not the credentials-at-rest key', () => {
    expect(runnerCredentialsKey().default).toEqual(Buffer.from(DEV_SECRETS.RUNNER_CREDENTIALS_KEY, 'base64'));
    expect(runnerCredentialsKey().default).toHaveLength(32);
    expect(DEV_SECRETS.RUNNER_CREDENTIALS_KEY).not.toBe(DEV_SECRETS.CREDENTIALS_ENCRYPTION_KEY);
    expect(runnerCredentialsPreviousKeys().productionSecret).toEqual({ optional: true, list: true });
  });
});
