import { IMPLEMENTED_PROVIDERS } from '@herald/contracts';

import { inAppRunner } from './runner-in-app.definition';

// The gateway accepts integrations of IMPLEMENTED_PROVIDERS only: this runner must drive exactly its channel's list.
describe('inAppRunner', () => {
  it('drives exactly the in_app providers the gateway catalog accepts', () => {
    expect(inAppRunner.channel).toBe('in_app');
    expect(inAppRunner.providers.map((provider) => provider.providerId).sort()).toEqual(
      [...IMPLEMENTED_PROVIDERS.in_app].sort(),
    );
  });
});
