import {
  DELIVERY_CHANNELS,
  type DeliveryChannel,
  isDeliveryChannel,
  type WorkerSubscriberPreferences,
} from '@herald/contracts';

import type { z } from '../../core/openapi/openapi-zod';
import { resolvePreferences, type WorkflowRecord } from '../workflows/workflow-definition';
import type {
  subscriberPreferencesResponseSchema,
  workflowPreferenceResponseSchema,
} from './subscriber-response.schema';

type ChannelMap = Partial<Record<DeliveryChannel, boolean>>;

/** One workflow in Novu's `SubscriberWorkflowPreferenceDto` shape (documented by its schema). */
export type WorkflowPreferenceResponse = z.infer<typeof workflowPreferenceResponseSchema>;

/** Novu's `GetSubscriberPreferencesDto` (documented by its schema). */
export type SubscriberPreferencesResponse = z.infer<typeof subscriberPreferencesResponseSchema>;

/**
 * A subscriber's stored choices (from trigger-worker) combined with the environment's workflows
 * (from the gateway) into what Novu answers: the global switches, and for each workflow the
 * channels its steps deliver on, each resolved as the worker resolves it when it runs a step —
 * critical → on; read-only → the workflow's default; else the subscriber's workflow choice, then
 * their global one, then the workflow's default.
 */
export function toSubscriberPreferencesResponse(
  stored: WorkerSubscriberPreferences,
  workflows: readonly WorkflowRecord[],
): SubscriberPreferencesResponse {
  const global = stored.global;
  return {
    global: {
      enabled: global.enabled,
      channels: Object.fromEntries(
        DELIVERY_CHANNELS.map((channel) => [channel, global.enabled && (global.channels[channel] ?? true)]),
      ),
    },
    workflows: workflows.map((record) => {
      const own = stored.workflows.find((preference) => preference.workflowId === record.id);
      const defaults = resolvePreferences(record.definition.preferences);
      const channels: ChannelMap = {};
      const overrides: WorkflowPreferenceResponse['overrides'] = [];
      for (const channel of stepChannels(record)) {
        const fallback = defaults.channels[channel]?.enabled ?? defaults.all.enabled;
        const choice =
          record.definition.critical || defaults.all.readOnly ? undefined : subscriberChoice(channel, own, global);
        channels[channel] = record.definition.critical || (choice ?? fallback);
        if (choice !== undefined && choice !== fallback) overrides.push({ channel, source: 'subscriber' });
      }
      return {
        enabled: Object.values(channels).some(Boolean),
        channels,
        overrides,
        workflow: {
          slug: record.slug,
          identifier: record.identifier,
          name: record.definition.name,
          updatedAt: record.updatedAt.toISOString(),
        },
        updatedAt: record.updatedAt.toISOString(),
      };
    }),
  };
}

/** The subscriber's own choice for a channel, workflow scope first; undefined when they made none. */
function subscriberChoice(
  channel: DeliveryChannel,
  own: { enabled: boolean; channels: ChannelMap } | undefined,
  global: { enabled: boolean; channels: ChannelMap },
): boolean | undefined {
  for (const scope of [own, global]) {
    if (!scope) continue;
    if (!scope.enabled) return false;
    if (scope.channels[channel] !== undefined) return scope.channels[channel];
  }
  return undefined;
}

/** The delivery channels of a workflow's active steps, in step order. */
function stepChannels(record: WorkflowRecord): DeliveryChannel[] {
  const channels = record.definition.steps
    .filter((step) => step.active && isDeliveryChannel(step.type))
    .map((step) => step.type as DeliveryChannel);
  return [...new Set(channels)];
}
