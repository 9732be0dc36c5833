import type { DeliveryChannel, JsonRecord, RunnerIntegration } from '@herald/contracts';

import { channelOverridesOf, stringField } from '../providers/provider-overrides';

/** Integrations tried for one job at most (primary first), so a job's send time stays bounded. */
export const MAX_FAILOVER_CANDIDATES = 5;

/** A job failure decided before any provider is called. */
export interface SelectionFailure {
  code: 'no_active_integration' | 'integration_not_found' | 'provider_not_supported';
  message: string;
}

/** The integrations to try, in order, or why there is none. */
export type IntegrationSelection =
  { ok: true; candidates: RunnerIntegration[] } | { ok: false; failure: SelectionFailure };

/** What selection looks at. */
export interface SelectionInput {
  channel: DeliveryChannel;
  /** The providers this runner drives. */
  supportedProviders: ReadonlySet<string>;
  overrides: JsonRecord;
}

/**
 * Orders the environment's active integrations for a job: the primary first, then by descending
 * priority (ties keep the gateway's order). `overrides.<channel>.integrationIdentifier` pins one
 * integration (no failover then: the caller chose it). Integrations of providers this runner
 * cannot drive are skipped.
 */
export function selectIntegrations(
  integrations: readonly RunnerIntegration[],
  input: SelectionInput,
): IntegrationSelection {
  const channelIntegrations = integrations.filter((integration) => integration.channel === input.channel);
  const label = input.channel.replace('_', '-');
  const pinned = stringField(channelOverridesOf(input.overrides, input.channel), 'integrationIdentifier');
  const eligible = pinned
    ? channelIntegrations.filter((integration) => integration.identifier === pinned)
    : channelIntegrations;
  if (pinned && eligible.length === 0) {
    return {
      ok: false,
      failure: {
        code: 'integration_not_found',
        message: `No active ${label} integration with identifier "${pinned}" in this environment`,
      },
    };
  }
  if (eligible.length === 0)
    return {
      ok: false,
      failure: { code: 'no_active_integration', message: `No active ${label} integration in this environment` },
    };
  const supported = eligible.filter((integration) => input.supportedProviders.has(integration.providerId));
  if (supported.length === 0) {
    const providers = [...new Set(eligible.map((integration) => integration.providerId))].join(', ');
    return {
      ok: false,
      failure: {
        code: 'provider_not_supported',
        message: `No active ${label} integration uses a provider this runner supports (found: ${providers})`,
      },
    };
  }
  const ordered = supported
    .map((integration, index) => ({ integration, index }))
    .sort(
      (a, b) =>
        Number(b.integration.primary) - Number(a.integration.primary) ||
        b.integration.priority - a.integration.priority ||
        a.index - b.index,
    )
    .map(({ integration }) => integration);
  return { ok: true, candidates: ordered.slice(0, MAX_FAILOVER_CANDIDATES) };
}
