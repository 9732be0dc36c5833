import { IMPLEMENTED_PROVIDERS } from '@herald/contracts';

import { smsRunner } from './runner-sms.definition';

// The gateway accepts integrations of IMPLEMENTED_PROVIDERS only: this runner must drive exactly its channel's list.
describe('smsRunner', () => {
  it('drives exactly the sms providers the gateway catalog accepts', () => {
    expect(smsRunner.channel).toBe('sms');
    expect(smsRunner.providers.map((provider) => provider.providerId).sort()).toEqual(
      [...IMPLEMENTED_PROVIDERS.sms].sort(),
    );
  });
});
