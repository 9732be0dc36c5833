import { IMPLEMENTED_PROVIDERS } from '@herald/contracts';

import { chatRunner } from './runner-chat.definition';

// The gateway accepts integrations of IMPLEMENTED_PROVIDERS only: this runner must drive exactly its channel's list.
describe('chatRunner', () => {
  it('drives exactly the chat providers the gateway catalog accepts', () => {
    expect(chatRunner.channel).toBe('chat');
    expect(chatRunner.providers.map((provider) => provider.providerId).sort()).toEqual(
      [...IMPLEMENTED_PROVIDERS.chat].sort(),
    );
  });
});
