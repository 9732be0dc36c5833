import type { WorkerMessage } from '@herald/contracts';

import { MessageResponse } from './message-response.schema';

/**
 * A message in Novu's `MessageResponseDto` shape. Herald's read model knows where and when it was
 * delivered, not the inbox state (seen/read live with the in-app runner), so those are false; the
 * recipient is shown as Novu does for email and SMS only — a chat webhook or push token is a
 * credential and stays out of responses.
 */
export function toMessageResponse(message: WorkerMessage, organizationId: string): MessageResponse {
  const { recipient, providerId, ...rest } = message;
  return {
    ...rest,
    _organizationId: organizationId,
    ...(providerId === null ? {} : { providerId }),
    ...(message.channel === 'email' ? { email: recipient } : message.channel === 'sms' ? { phone: recipient } : {}),
    read: false,
    seen: false,
    cta: {},
  };
}
