import { isRecord, type PrepareInput, stringValues } from '@herald/runner-kit';

/** A push notification as every push provider sends it. */
export interface PushMessage {
  /** Device tokens (credentials: never logged, never in status events). */
  tokens: string[];
  title: string;
  body: string;
  /** String key/values delivered with the notification (`data` control, legacy `overrides.<provider>.data`). */
  data: Record<string, string>;
}

/** The message, or the subscriber data it lacks. */
export type PushComposition = { ok: true; message: PushMessage } | { ok: false; missing: string };

/**
 * Builds the push of a job for one integration: the device tokens the subscriber registered for
 * this provider (and, when the channel names one, this integration; none: the job is canceled),
 * title from the `subject` (or `title`) control, body from `body`, data from the `data` control.
 */
export function composePush({ job, integration, content }: PrepareInput): PushComposition {
  const tokens = job.subscriber.channels
    .filter(
      (channel) =>
        channel.providerId === integration.providerId &&
        (!channel.integrationIdentifier || channel.integrationIdentifier === integration.identifier),
    )
    .flatMap((channel) => channel.credentials.deviceTokens ?? []);
  const unique = [...new Set(tokens)];
  if (unique.length === 0)
    return { ok: false, missing: `Subscriber has no device token for ${integration.providerId}` };
  const legacy = job.overrides[integration.providerId];
  return {
    ok: true,
    message: {
      tokens: unique,
      title: text(content.subject) ?? text(content.title) ?? '',
      body: text(content.body) ?? text(content.content) ?? '',
      data: { ...stringValues(content.data), ...(isRecord(legacy) ? stringValues(legacy.data) : {}) },
    },
  };
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
