import type { SubscriberSnapshot, WorkflowStep } from '@herald/contracts';
import type { Tx } from '@herald/persistence';
import { Injectable } from '@nestjs/common';

import type { SubscriberPreference } from '../../steps/channel/channel-preference';
import type { JobRow } from '../jobs/job.row';
import { EventRepository, type StoredEvent } from './event.repository';
import { type SubscriberContext, SubscriberRepository } from './subscriber.repository';

/** What deciding and dispatching a batch of jobs reads, loaded in a few set-based queries. */
export interface JobContext {
  events: Map<string, StoredEvent>;
  subscribers: Map<string, SubscriberSnapshot>;
  preferences: Map<string, SubscriberPreference[]>;
}

/**
 * Loads the events, subscriber snapshots and (when asked) preferences behind a batch of jobs;
 * `known` answers for the subscribers it holds without a read (decision 0049).
 */
@Injectable()
export class JobContextLoader {
  constructor(
    private readonly events: EventRepository,
    private readonly subscribers: SubscriberRepository,
  ) {}

  async load(
    tx: Tx,
    environmentId: string,
    jobs: readonly JobRow[],
    options: { preferences: boolean; known?: SubscriberContext },
  ): Promise<JobContext> {
    const events = await this.events.findByIds(
      tx,
      environmentId,
      jobs.map((job) => job.eventId),
    );
    const pks = jobs.map((job) => job.subscriberPk);
    const { known } = options;
    if (known && pks.every((pk) => known.subscribers.has(pk))) return { events, ...known };
    if (!options.preferences)
      return { events, subscribers: await this.subscribers.snapshots(tx, environmentId, pks), preferences: new Map() };
    const workflowIds = [...events.values()].map((event) => event.workflow.id);
    return { events, ...(await this.subscribers.snapshotsWithPreferences(tx, environmentId, pks, workflowIds)) };
  }
}

/** The workflow step a job executes. */
export function stepOf(event: StoredEvent, job: Pick<JobRow, 'id' | 'stepIndex'>): WorkflowStep {
  const step = event.workflow.steps[job.stepIndex];
  if (!step) throw new Error(`job ${job.id} points at a step its workflow does not have`);
  return step;
}

/** True when an active step follows the job's step: only then can its chain hold a later job (chains are the active steps, in order). */
export function hasLaterStep(event: StoredEvent, job: Pick<JobRow, 'stepIndex'>): boolean {
  return event.workflow.steps.some((step, index) => index > job.stepIndex && step.active);
}
