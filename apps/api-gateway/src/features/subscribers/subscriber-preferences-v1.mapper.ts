import { DELIVERY_CHANNELS, type DeliveryChannel, type WorkerSubscriberPreferences } from '@herald/contracts';

import type { WorkflowRecord } from '../workflows/workflow-definition';
import { toSubscriberPreferencesResponse } from './subscriber-preferences.mapper';

type ChannelMap = Partial<Record<DeliveryChannel, boolean>>;

/** Novu v1's `preference` of one workflow (`UpdateSubscriberPreferenceResponseDto.preference`). */
export interface V1WorkflowPreference {
  template: {
    _id: string;
    name: string;
    tags: string[];
    critical: boolean;
    triggers: { type: 'event'; identifier: string; variables: [] }[];
  };
  preference: {
    enabled: boolean;
    channels: ChannelMap;
    overrides: { channel: DeliveryChannel; source: 'subscriber' }[];
  };
}

/** Novu v1's global level (`GetSubscriberGlobalPreference`). */
export interface V1GlobalPreference {
  preference: { enabled: boolean; channels: Record<DeliveryChannel, boolean> };
}

/**
 * Novu v1's per-workflow list: each workflow with the channels its steps deliver on, resolved as
 * the v2 route resolves them (and as the worker does when a step runs); `enabled` is the
 * subscriber's switch for the whole workflow. With `includeInactiveChannels` the channels no step
 * uses are listed too, as the subscriber's global switches set them.
 */
export function toV1WorkflowPreferences(
  stored: WorkerSubscriberPreferences,
  workflows: readonly WorkflowRecord[],
  includeInactiveChannels = false,
): V1WorkflowPreference[] {
  const resolved = toSubscriberPreferencesResponse(stored, workflows).workflows;
  const global = toV1GlobalPreference(stored).preference;
  return workflows.map((record, index) => {
    const { channels, overrides } = resolved[index];
    const own = stored.workflows.find((preference) => preference.workflowId === record.id);
    const all: ChannelMap = includeInactiveChannels
      ? Object.fromEntries(DELIVERY_CHANNELS.map((channel) => [channel, channels[channel] ?? global.channels[channel]]))
      : channels;
    return {
      template: {
        _id: record.id,
        name: record.definition.name,
        tags: record.definition.tags,
        critical: record.definition.critical,
        triggers: [{ type: 'event', identifier: record.identifier, variables: [] }],
      },
      preference: { enabled: record.definition.critical || (own?.enabled ?? true), channels: all, overrides },
    };
  });
}

/** The global level: the subscriber's switch and every channel (a channel never set is on, as in Novu). */
export function toV1GlobalPreference(stored: WorkerSubscriberPreferences): V1GlobalPreference {
  return {
    preference: {
      enabled: stored.global.enabled,
      channels: Object.fromEntries(
        DELIVERY_CHANNELS.map((channel) => [channel, stored.global.channels[channel] ?? true]),
      ) as Record<DeliveryChannel, boolean>,
    },
  };
}
