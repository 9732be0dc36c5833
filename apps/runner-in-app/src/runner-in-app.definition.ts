import type { RunnerDefinition } from '@herald/runner-kit';
import { HERALD_INBOX_INTEGRATION, inboxProvider } from './inbox/inbox.provider';
import { InboxRpcServer } from './inbox/inbox.rpc-server';
import { Inbox1764600000000 } from './persistence/migrations/1764600000000-inbox';

/** runner-in-app: Herald's own inbox, stored in this runner's schema and served over RPC. */
export const inAppRunner: RunnerDefinition = {
  channel: 'in_app',
  providers: [inboxProvider()],
  builtinIntegration: HERALD_INBOX_INTEGRATION,
  migrations: [Inbox1764600000000],
  nestProviders: [InboxRpcServer],
};
