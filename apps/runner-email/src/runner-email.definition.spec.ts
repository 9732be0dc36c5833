import { IMPLEMENTED_PROVIDERS } from '@herald/contracts';

import { emailRunner } from './runner-email.definition';

// The gateway accepts integrations of IMPLEMENTED_PROVIDERS only: this runner must drive exactly its channel's list.
describe('emailRunner', () => {
  it('drives exactly the email providers the gateway catalog accepts', () => {
    expect(emailRunner.channel).toBe('email');
    expect(emailRunner.providers.map((provider) => provider.providerId).sort()).toEqual(
      [...IMPLEMENTED_PROVIDERS.email].sort(),
    );
  });
});
