import type { DeliveryChannel } from '@herald/contracts';
import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';

import { TriggerWorkerClient } from '../../adapters/trigger-worker-rpc/trigger-worker.client';
import type { AuthenticatedEnvironment } from '../../pipeline/authentication/api-key.repository';
import { WorkflowRepository } from '../workflows/workflow.repository';
import type { WorkflowRecord } from '../workflows/workflow-definition';
import { type SubscriberPreferencesResponse, toSubscriberPreferencesResponse } from './subscriber-preferences.mapper';
import {
  toV1GlobalPreference,
  toV1WorkflowPreferences,
  type V1GlobalPreference,
  type V1WorkflowPreference,
} from './subscriber-preferences-v1.mapper';
import type {
  PatchSubscriberPreferencesBody,
  SubscriberPreferencesQuery,
  UpdateGlobalPreferencesBody,
  UpdateWorkflowPreferenceBody,
} from './subscriber-request.schema';

const WORKFLOW_PAGE = 100;
/** Enough for any real environment; a preferences page listing more would be unreadable anyway. */
const MAX_WORKFLOWS = 1_000;

/**
 * `GET|PATCH /v2/subscribers/:subscriberId/preferences` and Novu's v1 preference routes: the
 * subscriber's choices live in trigger-worker, the workflows they apply to in the gateway; this
 * joins the two. Both versions read and write the same stored switches.
 */
@Injectable()
export class SubscriberPreferencesService {
  constructor(
    private readonly worker: TriggerWorkerClient,
    private readonly workflows: WorkflowRepository,
  ) {}

  async get(
    environment: Pick<AuthenticatedEnvironment, 'environmentId'>,
    subscriberId: string,
    query: SubscriberPreferencesQuery,
    options: { defaultsForMissingSubscriber?: boolean } = {},
  ): Promise<SubscriberPreferencesResponse> {
    const request = { subscriberId };
    const environmentId = environment.environmentId;
    const [stored, workflows] = await Promise.all([
      options.defaultsForMissingSubscriber
        ? this.worker.find(environmentId, 'subscribers.preferences.get.v1', request)
        : this.worker.call(environmentId, 'subscribers.preferences.get.v1', request),
      this.listWorkflows(environmentId, query.criticality),
    ]);
    // A subscriber that does not exist has made no choices: every default applies.
    return toSubscriberPreferencesResponse(
      stored ?? { global: { enabled: true, channels: {} }, workflows: [] },
      workflows,
    );
  }

  /** Stores the switches (for one workflow, by its identifier or id, or globally) and answers like `get`. */
  async update(
    environment: Pick<AuthenticatedEnvironment, 'environmentId'>,
    subscriberId: string,
    body: PatchSubscriberPreferencesBody,
  ): Promise<SubscriberPreferencesResponse> {
    let workflowId: string | undefined;
    if (body.workflowId !== undefined) {
      const workflow = await this.workflows.find(environment.environmentId, body.workflowId);
      if (!workflow) throw new NotFoundException(`Workflow not found: "${body.workflowId}"`);
      workflowId = workflow.id;
    }
    const [stored, workflows] = await Promise.all([
      this.worker.call(environment.environmentId, 'subscribers.preferences.update.v1', {
        subscriberId,
        workflowId,
        channels: definedSwitches(body.channels),
      }),
      this.listWorkflows(environment.environmentId, 'nonCritical'),
    ]);
    return toSubscriberPreferencesResponse(stored, workflows);
  }

  /**
   * Novu's bulk update (`PATCH /v2/subscribers/:id/preferences/bulk`, `/v1/inbox/preferences/bulk`):
   * channel switches for several workflows (each by identifier, slug or id), stored all or none.
   * Every workflow must exist (404 naming those that do not) and none may be critical (400), as
   * Novu checks before changing anything; a workflow named twice takes its changes in order.
   * Answers the updated workflows' preferences, each once, in the order first named.
   */
  async updateWorkflows(
    environment: Pick<AuthenticatedEnvironment, 'environmentId'>,
    subscriberId: string,
    changes: { workflowId: string; channels: Partial<Record<DeliveryChannel, boolean>> }[],
  ): Promise<SubscriberPreferencesResponse['workflows']> {
    const environmentId = environment.environmentId;
    const records = await this.listWorkflows(environmentId, 'all');
    const resolved = changes.map((change) => ({ change, record: findRecord(records, change.workflowId) }));
    const missing = [...new Set(resolved.filter(({ record }) => !record).map(({ change }) => change.workflowId))];
    if (missing.length > 0) throw new NotFoundException(`Workflows with ids: ${missing.join(', ')} not found`);
    const found = resolved as { change: (typeof changes)[number]; record: WorkflowRecord }[];
    const critical = [
      ...new Set(found.filter(({ record }) => record.definition.critical).map(({ record }) => record.identifier)),
    ];
    if (critical.length > 0)
      throw new BadRequestException(`Critical workflows with ids: ${critical.join(', ')} cannot be updated`);
    const stored = await this.worker.call(environmentId, 'subscribers.preferences.bulk-update.v1', {
      subscriberId,
      workflows: found.map(({ change, record }) => ({
        workflowId: record.id,
        channels: definedSwitches(change.channels),
      })),
    });
    const updated = [...new Map(found.map(({ record }) => [record.id, record])).values()];
    return toSubscriberPreferencesResponse(stored, updated).workflows;
  }

  /** v1: each active workflow (critical ones too, as Novu's `filterActive`) with the subscriber's preference. */
  async listV1(
    environment: AuthenticatedEnvironment,
    subscriberId: string,
    includeInactiveChannels = false,
  ): Promise<V1WorkflowPreference[]> {
    const [stored, workflows] = await Promise.all([
      this.worker.call(environment.environmentId, 'subscribers.preferences.get.v1', { subscriberId }),
      this.listWorkflows(environment.environmentId, 'all'),
    ]);
    const active = workflows.filter((record) => record.definition.active);
    return toV1WorkflowPreferences(stored, active, includeInactiveChannels);
  }

  /** v1: the global level. */
  async getV1Global(environment: AuthenticatedEnvironment, subscriberId: string): Promise<V1GlobalPreference> {
    const stored = await this.worker.call(environment.environmentId, 'subscribers.preferences.get.v1', {
      subscriberId,
    });
    return toV1GlobalPreference(stored);
  }

  /** v1: switches one channel, or the whole workflow, for one workflow (by id or identifier). */
  async updateV1Workflow(
    environment: AuthenticatedEnvironment,
    subscriberId: string,
    workflowRef: string,
    body: UpdateWorkflowPreferenceBody,
  ): Promise<V1WorkflowPreference> {
    const workflow = await this.workflows.find(environment.environmentId, workflowRef);
    if (!workflow) throw new NotFoundException(`Workflow not found: "${workflowRef}"`);
    const stored = await this.worker.call(environment.environmentId, 'subscribers.preferences.update.v1', {
      subscriberId,
      workflowId: workflow.id,
      enabled: body.enabled,
      channels: body.channel ? { [body.channel.type]: body.channel.enabled } : {},
    });
    return toV1WorkflowPreferences(stored, [workflow])[0];
  }

  /** v1: the global switch and channel switches. */
  async updateV1Global(
    environment: AuthenticatedEnvironment,
    subscriberId: string,
    body: UpdateGlobalPreferencesBody,
  ): Promise<V1GlobalPreference> {
    const channels = Object.fromEntries((body.preferences ?? []).map(({ type, enabled }) => [type, enabled]));
    const stored = await this.worker.call(environment.environmentId, 'subscribers.preferences.update.v1', {
      subscriberId,
      enabled: body.enabled,
      channels,
    });
    return toV1GlobalPreference(stored);
  }

  private async listWorkflows(
    environmentId: string,
    criticality: SubscriberPreferencesQuery['criticality'],
  ): Promise<WorkflowRecord[]> {
    const records: WorkflowRecord[] = [];
    for (let offset = 0; offset < MAX_WORKFLOWS; offset += WORKFLOW_PAGE) {
      const page = await this.workflows.list(environmentId, {
        limit: WORKFLOW_PAGE,
        offset,
        orderBy: 'createdAt',
        orderDirection: 'ASC',
      });
      records.push(...page.records);
      if (page.records.length < WORKFLOW_PAGE) break;
    }
    return records.filter(
      (record) => criticality === 'all' || record.definition.critical === (criticality === 'critical'),
    );
  }
}

/** A workflow by identifier, slug or id, the identifier first (as `WorkflowRepository.find`). */
function findRecord(records: readonly WorkflowRecord[], ref: string): WorkflowRecord | undefined {
  return (
    records.find((record) => record.identifier === ref) ??
    records.find((record) => record.slug === ref || record.id === ref)
  );
}

/** Only the channels the client switched. */
function definedSwitches(
  channels: Partial<Record<DeliveryChannel, boolean | undefined>>,
): Partial<Record<DeliveryChannel, boolean>> {
  return Object.fromEntries(Object.entries(channels).filter(([, enabled]) => typeof enabled === 'boolean'));
}
