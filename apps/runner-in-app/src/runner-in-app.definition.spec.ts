import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { IMPLEMENTED_PROVIDERS } from '@herald/contracts';

import { inAppRunner } from './runner-in-app.definition';

/** The int-spec (under this runner's test/) in which each provider delivers against a server speaking its API. */
const DELIVERED_IN: Record<string, string> = {
  novu: 'inbox-delivery',
};

// The gateway accepts integrations of IMPLEMENTED_PROVIDERS only (decision 0041): this runner must
// drive exactly its channel's list, and each of them must deliver in a spec.
describe('inAppRunner', () => {
  const ids = inAppRunner.providers.map((provider) => provider.providerId).sort();

  it('drives exactly the in_app providers the gateway catalog accepts', () => {
    expect(inAppRunner.channel).toBe('in_app');
    expect(ids).toEqual([...IMPLEMENTED_PROVIDERS.in_app].sort());
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
