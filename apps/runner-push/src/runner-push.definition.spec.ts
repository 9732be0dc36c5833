import { IMPLEMENTED_PROVIDERS } from '@herald/contracts';

import { pushRunner } from './runner-push.definition';

// The gateway accepts integrations of IMPLEMENTED_PROVIDERS only: this runner must drive exactly its channel's list.
describe('pushRunner', () => {
  it('drives exactly the push providers the gateway catalog accepts', () => {
    expect(pushRunner.channel).toBe('push');
    expect(pushRunner.providers.map((provider) => provider.providerId).sort()).toEqual(
      [...IMPLEMENTED_PROVIDERS.push].sort(),
    );
  });
});
