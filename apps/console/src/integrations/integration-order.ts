import type { ActivityNotification } from '../api/activity.types';
import type { Integration } from '../api/resources.types';

/**
 * A channel's integrations in the order the runners try them (runner-kit's `selectIntegrations`):
 * active ones, the primary first, then by descending priority, ties in the API's order; the
 * inactive ones after them (never tried).
 */
export function failoverOrder(integrations: readonly Integration[]): { tried: Integration[]; inactive: Integration[] } {
  const tried = integrations
    .map((integration, index) => ({ integration, index }))
    .filter(({ integration }) => integration.active)
    .sort(
      (a, b) =>
        Number(b.integration.primary) - Number(a.integration.primary) ||
        b.integration.priority - a.integration.priority ||
        a.index - b.index,
    )
    .map(({ integration }) => integration);
  return { tried, inactive: integrations.filter((integration) => !integration.active) };
}

/** Delivery outcomes of one provider on one channel, from the activity feed. */
export interface ProviderDeliveries {
  completed: number;
  failed: number;
  /** Failed / (completed + failed); undefined with no settled delivery. */
  errorRate: number | undefined;
  lastAt: string | undefined;
}

/**
 * Settled channel jobs of `channel` that name `providerId`, in the given notifications. Jobs carry
 * the provider, not the integration: two integrations of one provider share their numbers.
 */
export function providerDeliveries(
  notifications: readonly ActivityNotification[],
  channel: string,
  providerId: string,
): ProviderDeliveries {
  let completed = 0;
  let failed = 0;
  let lastAt: string | undefined;
  for (const notification of notifications)
    for (const job of notification.jobs) {
      if (job.type !== channel || job.providerId !== providerId) continue;
      if (job.status !== 'completed' && job.status !== 'failed') continue;
      if (job.status === 'completed') completed += 1;
      else failed += 1;
      if (!lastAt || job.updatedAt > lastAt) lastAt = job.updatedAt;
    }
  const settled = completed + failed;
  return { completed, failed, errorRate: settled === 0 ? undefined : failed / settled, lastAt };
}
