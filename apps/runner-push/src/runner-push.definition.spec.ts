import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { IMPLEMENTED_PROVIDERS } from '@herald/contracts';

import { pushRunner } from './runner-push.definition';

/** The int-spec (under this runner's test/) in which each provider delivers against a server speaking its API. */
const DELIVERED_IN: Record<string, string> = {
  fcm: 'push-providers',
  apns: 'apns-provider',
  expo: 'expo-provider',
  'push-webhook': 'push-providers',
};

// The gateway accepts integrations of IMPLEMENTED_PROVIDERS only (decision 0041): this runner must
// drive exactly its channel's list, and each of them must deliver in a spec.
describe('pushRunner', () => {
  const ids = pushRunner.providers.map((provider) => provider.providerId).sort();

  it('drives exactly the push providers the gateway catalog accepts', () => {
    expect(pushRunner.channel).toBe('push');
    expect(ids).toEqual([...IMPLEMENTED_PROVIDERS.push].sort());
  });

  it('names, for every provider, the int-spec in which it delivers', () => {
    expect(Object.keys(DELIVERED_IN).sort()).toEqual(ids);
    for (const [providerId, spec] of Object.entries(DELIVERED_IN)) {
      const path = join(__dirname, '..', 'test', `${spec}.int-spec.ts`);
      expect([providerId, existsSync(path)]).toEqual([providerId, true]);
      expect(readFileSync(path, 'utf8')).toContain(`'${providerId}'`);
    }
  });
});
