import { type PrepareInput, stringField } from '@herald/runner-kit';

/** A chat message for one incoming webhook. */
export interface ChatMessage {
  /** The incoming-webhook URL: a credential, never logged or reported. */
  webhookUrl: string;
  /** What the status event names as recipient: the channel name, else the subscriberId. */
  recipient: string;
  text: string;
}

/** The message, or the subscriber data it lacks. */
export type ChatComposition = { ok: true; message: ChatMessage } | { ok: false; missing: string };

/**
 * Builds the chat message of a job for one integration: the webhook URL the subscriber registered
 * for this provider (and, when the channel names one, this integration), else the integration's
 * own `webhookUrl`; none: the job is canceled. Text from the rendered `body`.
 */
export function composeChat({ job, integration, content }: PrepareInput): ChatComposition {
  const channel = job.subscriber.channels.find(
    (candidate) =>
      candidate.providerId === integration.providerId &&
      candidate.credentials.webhookUrl &&
      (!candidate.integrationIdentifier || candidate.integrationIdentifier === integration.identifier),
  );
  const webhookUrl = channel?.credentials.webhookUrl ?? stringField(integration.credentials, 'webhookUrl');
  if (!webhookUrl) return { ok: false, missing: `Subscriber has no ${integration.providerId} webhook URL` };
  const text =
    typeof content.body === 'string' ? content.body : typeof content.content === 'string' ? content.content : '';
  return {
    ok: true,
    message: { webhookUrl, recipient: channel?.credentials.channel || job.subscriber.subscriberId, text },
  };
}
