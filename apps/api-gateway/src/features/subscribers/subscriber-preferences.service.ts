import { Injectable, NotFoundException } from '@nestjs/common';

import { TriggerWorkerClient } from '../../adapters/trigger-worker-rpc/trigger-worker.client';
import type { AuthenticatedEnvironment } from '../../pipeline/authentication/api-key.repository';
import { WorkflowRepository } from '../workflows/workflow.repository';
import type { WorkflowRecord } from '../workflows/workflow-definition';
import { type SubscriberPreferencesResponse, toSubscriberPreferencesResponse } from './subscriber-preferences.mapper';
import type { PatchSubscriberPreferencesBody, SubscriberPreferencesQuery } from './subscriber-request.schema';

const WORKFLOW_PAGE = 100;
/** Enough for any real environment; a preferences page listing more would be unreadable anyway. */
const MAX_WORKFLOWS = 1_000;

/**
 * `GET|PATCH /v2/subscribers/:subscriberId/preferences`: the subscriber's choices live in
 * trigger-worker, the workflows they apply to in the gateway; this joins the two.
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
    const channels = Object.fromEntries(Object.entries(body.channels).filter(([, enabled]) => enabled !== undefined));
    const [stored, workflows] = await Promise.all([
      this.worker.call(environment.environmentId, 'subscribers.preferences.update.v1', {
        subscriberId,
        workflowId,
        channels,
      }),
      this.listWorkflows(environment.environmentId, 'nonCritical'),
    ]);
    return toSubscriberPreferencesResponse(stored, workflows);
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
