import type { WorkflowSummary } from '../workflows/workflow.repository';

/** Novu's severity levels. */
export const SEVERITIES = ['high', 'medium', 'low', 'none'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Which workflows a filter keeps: tag groups (AND of ORs) and severities. */
export interface WorkflowCriteria {
  /** Every group must share a tag with the workflow; a group is satisfied by any of its tags. */
  tagGroups?: string[][];
  severities?: Severity[];
}

/**
 * The environment's workflows as the inbox needs them. Tags and severity belong to the workflow
 * (Novu copies them onto each message when it is sent; Herald reads the workflow's current version,
 * decision 0034), so a filter by them becomes a filter by workflow id for runner-in-app.
 */
export class InboxWorkflows {
  private readonly byIdMap: Map<string, WorkflowSummary>;

  constructor(readonly all: readonly WorkflowSummary[]) {
    this.byIdMap = new Map(all.map((workflow) => [workflow.id, workflow]));
  }

  byId(id: string): WorkflowSummary | undefined {
    return this.byIdMap.get(id);
  }

  /** The ids of the workflows that meet the criteria; undefined when the criteria keep every workflow. */
  idsMatching(criteria: WorkflowCriteria): string[] | undefined {
    const groups = (criteria.tagGroups ?? []).filter((group) => group.length > 0);
    const severities = criteria.severities ?? [];
    if (groups.length === 0 && severities.length === 0) return undefined;
    return this.all
      .filter((workflow) => groups.every((group) => group.some((tag) => workflow.tags.includes(tag))))
      .filter((workflow) => severities.length === 0 || severities.includes(workflow.severity))
      .map((workflow) => workflow.id);
  }
}
