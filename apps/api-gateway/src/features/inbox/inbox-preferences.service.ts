import { DELIVERY_CHANNELS, type DeliveryChannel } from '@herald/contracts';
import { Injectable, NotFoundException } from '@nestjs/common';

import type { InboxScope } from '../../adapters/runner-in-app-rpc/inbox-rpc.client';
import { GatewayException } from '../../core/errors/gateway.exception';
import { GatewayErrorCode } from '../../core/errors/gateway-error-code';
import { SubscriberPreferencesService } from '../subscribers/subscriber-preferences.service';
import { WorkflowRepository } from '../workflows/workflow.repository';
import type { InboxPreferencesQuery } from './inbox-preferences.schema';
import type { InboxPreferenceResponse } from './inbox-response.schema';
import { InboxWorkflows } from './inbox-workflows';

type Channels = Partial<Record<DeliveryChannel, boolean>>;

/**
 * `/v1/inbox/preferences` in Novu's inbox shape (`level`, `enabled`, `channels`, `workflow`), on
 * the preferences `/v2/subscribers/:id/preferences` serves: the subscriber's choices live in
 * trigger-worker, the workflows in the gateway. The global preference comes first.
 */
@Injectable()
export class InboxPreferencesService {
  constructor(
    private readonly preferences: SubscriberPreferencesService,
    private readonly workflowRepository: WorkflowRepository,
  ) {}

  async list(scope: InboxScope, query: InboxPreferencesQuery): Promise<{ data: InboxPreferenceResponse[] }> {
    const tags = query['tags[]'] ?? query.tags ?? [];
    const severities = [...(query['severity[]'] ?? []), ...(query.severity ?? [])];
    const [all, workflows] = await this.read(scope, query.criticality);
    const kept = all.workflows.filter((preference) => {
      const summary = workflows.all.find((workflow) => workflow.identifier === preference.workflow.identifier);
      if (!summary) return false;
      if (tags.length > 0 && !tags.some((tag) => summary.tags.includes(tag))) return false;
      return severities.length === 0 || severities.includes(summary.severity);
    });
    return {
      data: [this.globalOf(all.global), ...kept.map((preference) => this.workflowPreference(preference, workflows))],
    };
  }

  async getGlobal(scope: InboxScope): Promise<{ data: InboxPreferenceResponse }> {
    const [all] = await this.read(scope, 'nonCritical');
    return { data: this.globalOf(all.global) };
  }

  async updateGlobal(scope: InboxScope, channels: Channels): Promise<{ data: InboxPreferenceResponse }> {
    const stored = await subscriberAware(() =>
      this.preferences.update(scope, scope.subscriberId, { channels: switches(channels) }),
    );
    return { data: this.globalOf(stored.global) };
  }

  async updateWorkflow(
    scope: InboxScope,
    workflowRef: string,
    channels: Channels,
  ): Promise<{ data: InboxPreferenceResponse }> {
    return { data: await this.updateOne(scope, workflowRef, channels) };
  }

  /** `PATCH /v1/inbox/preferences/bulk`: {@link updateMany} for the session's subscriber. */
  bulk(
    scope: InboxScope,
    preferences: ({ workflowId: string } & Channels)[],
  ): Promise<{ data: InboxPreferenceResponse[] }> {
    return subscriberAware(() => this.updateMany(scope, preferences));
  }

  /**
   * Novu's bulk preference update (its inbox and `/v2/subscribers/:id/preferences/bulk` share it):
   * several workflows' channel switches, all stored or none after every workflow is checked
   * (`SubscriberPreferencesService.updateWorkflows`); answers each updated workflow's preference.
   */
  async updateMany(
    scope: InboxScope,
    preferences: ({ workflowId: string } & Channels)[],
  ): Promise<{ data: InboxPreferenceResponse[] }> {
    const changes = preferences.map(({ workflowId, ...channels }) => ({ workflowId, channels: switches(channels) }));
    const [updated, workflows] = await Promise.all([
      this.preferences.updateWorkflows(scope, scope.subscriberId, changes),
      this.workflowRepository.summaries(scope.environmentId).then((all) => new InboxWorkflows(all)),
    ]);
    return { data: updated.map((preference) => this.workflowPreference(preference, workflows)) };
  }

  private async updateOne(
    scope: InboxScope,
    workflowRef: string,
    channels: Channels,
  ): Promise<InboxPreferenceResponse> {
    await subscriberAware(() =>
      this.preferences.update(scope, scope.subscriberId, { workflowId: workflowRef, channels: switches(channels) }),
    );
    const [all, workflows] = await this.read(scope, 'all');
    const summary = workflows.all.find((workflow) => [workflow.id, workflow.identifier].includes(workflowRef));
    const preference = all.workflows.find((candidate) => candidate.workflow.identifier === summary?.identifier);
    if (!preference) throw new NotFoundException(`Workflow not found: "${workflowRef}"`);
    return this.workflowPreference(preference, workflows);
  }

  private async read(scope: InboxScope, criticality: InboxPreferencesQuery['criticality']) {
    return Promise.all([
      this.preferences.get(scope, scope.subscriberId, { criticality }, { defaultsForMissingSubscriber: true }),
      this.workflowRepository.summaries(scope.environmentId).then((all) => new InboxWorkflows(all)),
    ]);
  }

  private globalOf(global: { enabled: boolean; channels: Channels }): InboxPreferenceResponse {
    return { level: 'global' as const, enabled: global.enabled, channels: global.channels };
  }

  private workflowPreference(
    preference: { enabled: boolean; channels: Channels; workflow: { identifier: string; name: string } },
    workflows: InboxWorkflows,
  ): InboxPreferenceResponse {
    const summary = workflows.all.find((workflow) => workflow.identifier === preference.workflow.identifier);
    return {
      level: 'template' as const,
      enabled: preference.enabled,
      channels: preference.channels,
      workflow: {
        id: summary?.id ?? preference.workflow.identifier,
        identifier: preference.workflow.identifier,
        name: preference.workflow.name,
        critical: summary?.critical ?? false,
        tags: summary?.tags ?? [],
        severity: summary?.severity ?? 'none',
      },
    };
  }
}

/**
 * A session's subscriber that does not exist (a token from the API-keyed session, which creates no
 * subscriber) cannot store choices: a 404 that says so without naming anyone.
 */
async function subscriberAware<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof GatewayException && error.code === GatewayErrorCode.SubscriberNotFound)
      throw new NotFoundException('Subscriber not found: POST /v1/inbox/session creates it');
    throw error;
  }
}

/** Only the channels the client sent. */
function switches(channels: Channels): Channels {
  return Object.fromEntries(
    DELIVERY_CHANNELS.filter((channel) => typeof channels[channel] === 'boolean').map((channel) => [
      channel,
      channels[channel],
    ]),
  );
}
