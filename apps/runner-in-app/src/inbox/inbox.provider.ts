import type { RunnerIntegration } from '@herald/contracts';
import type { DeliveryProvider } from '@herald/runner-kit';

import { inboxContentOf, unsafeLinkOf } from './inbox-content';
import { InboxDeliveryRepository } from './inbox-delivery.repository';

/** Herald's own inbox as the in-app channel's only integration (no provider account needed). */
export const HERALD_INBOX_INTEGRATION: RunnerIntegration = {
  id: 'herald-inbox',
  identifier: 'herald-inbox',
  providerId: 'novu',
  channel: 'in_app',
  name: 'Herald Inbox',
  primary: true,
  priority: 0,
  conditions: [],
  credentials: {},
};

/**
 * Delivers an in-app job by storing it in the inbox, inside the runner's record transaction: the
 * message, the delivery log and the status event commit together, so there is no unknown outcome.
 * The delivery key is unique in the inbox: a second insert for a key adds nothing and reports
 * the existing message. A new message is announced (`inbox.message-created.v1`) after the commit. A link
 * that is not http(s) or relative fails the job permanently (`unsafe_url`), storing nothing.
 */
export function inboxProvider(): DeliveryProvider {
  const messages = new InboxDeliveryRepository();
  return {
    providerId: 'novu',
    prepare({ job, content }) {
      const inbox = inboxContentOf(content, job);
      // Refused, not dropped: a button without its target is not the message the author wrote.
      const unsafe = unsafeLinkOf(inbox);
      if (unsafe) {
        const message = `${unsafe.path} ${unsafe.reason}`;
        return { ok: false, failure: { code: 'unsafe_url', message, retryable: false } };
      }
      const recipient = job.subscriber.subscriberId;
      return { ok: true, delivery: { kind: 'transactional', recipient, send: (tx) => messages.store(tx, job, inbox) } };
    },
  };
}
