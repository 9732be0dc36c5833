import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { isDeliveryChannel, JobStatus, type WorkflowStep } from '@herald/contracts';
import type { EntityManager } from 'typeorm';
import type { StoredEvent } from './event.repository';
import type { JobRow } from './job.row';
import { sqlRows } from './sql-rows';
import type { SubscriberKey } from './subscriber.repository';

/** Creates notifications and their job chains, set-based. */
@Injectable()
export class ChainRepository {
  /**
   * One notification per subscriber of `event` (a subscriber who already has one for this event,
   * e.g. reached through two topics or by a resumed fan-out, is skipped) and one PENDING job per
   * active step, chained in step order. Returns the first job of every new chain (as written:
   * only this transaction can see them yet, so they need no lock).
   */
  async create(manager: EntityManager, event: StoredEvent, subscribers: readonly SubscriberKey[]): Promise<JobRow[]> {
    if (subscribers.length === 0) return [];
    const steps = event.workflow.steps.map((step, index) => ({ step, index })).filter(({ step }) => step.active);
    const channels = [...new Set(steps.map(({ step }) => step.type).filter(isDeliveryChannel))];
    const created = await sqlRows<{ id: string; subscriber_pk: string; subscriber_id: string }>(
      manager,
      `INSERT INTO trigger.notifications (id, environment_id, organization_id, event_id, transaction_id, workflow_id, workflow_identifier, workflow_version, subscriber_pk, subscriber_id, channels)
       SELECT s.id, $1, $2, $3, $4, $5, $6, $7, s.pk, s.sid, $8::text[]
       FROM unnest($9::uuid[], $10::uuid[], $11::text[]) AS s(id, pk, sid)
       ON CONFLICT (event_id, subscriber_pk) DO NOTHING
       RETURNING id, subscriber_pk, subscriber_id`,
      [
        event.environmentId,
        event.organizationId,
        event.id,
        event.transactionId,
        event.workflow.id,
        event.workflow.identifier,
        event.workflow.version,
        channels,
        subscribers.map(() => randomUUID()),
        subscribers.map((s) => s.pk),
        subscribers.map((s) => s.subscriberId),
      ],
    );
    if (created.length === 0 || steps.length === 0) return [];

    const jobs = { id: [] as string[], notification: [] as string[], pk: [] as string[], sid: [] as string[], stepId: [] as string[], type: [] as string[], index: [] as number[], order: [] as number[], parent: [] as (string | null)[] };
    const firstJobs: JobRow[] = [];
    const now = new Date();
    for (const notification of created) {
      let parent: string | null = null;
      steps.forEach(({ step, index }, order) => {
        const id = randomUUID();
        if (order === 0) firstJobs.push(firstJob(event, notification, step, index, id, now));
        jobs.id.push(id);
        jobs.notification.push(notification.id);
        jobs.pk.push(notification.subscriber_pk);
        jobs.sid.push(notification.subscriber_id);
        jobs.stepId.push(step.stepId);
        jobs.type.push(step.type);
        jobs.index.push(index);
        jobs.order.push(order);
        jobs.parent.push(parent);
        parent = id;
      });
    }
    await manager.query(
      `INSERT INTO trigger.jobs (id, environment_id, notification_id, event_id, transaction_id, subscriber_pk, subscriber_id, step_id, step_type, step_index, chain_order, parent_job_id)
       SELECT j.id, $1, j.notification_id, $2, $3, j.pk, j.sid, j.step_id, j.step_type, j.step_index, j.chain_order, j.parent
       FROM unnest($4::uuid[], $5::uuid[], $6::uuid[], $7::text[], $8::text[], $9::text[], $10::int[], $11::int[], $12::uuid[])
         AS j(id, notification_id, pk, sid, step_id, step_type, step_index, chain_order, parent)`,
      [event.environmentId, event.id, event.transactionId, jobs.id, jobs.notification, jobs.pk, jobs.sid, jobs.stepId, jobs.type, jobs.index, jobs.order, jobs.parent],
    );
    return firstJobs;
  }
}

function firstJob(event: StoredEvent, notification: { id: string; subscriber_pk: string; subscriber_id: string }, step: WorkflowStep, stepIndex: number, id: string, now: Date): JobRow {
  return {
    id,
    environmentId: event.environmentId,
    notificationId: notification.id,
    eventId: event.id,
    transactionId: event.transactionId,
    subscriberPk: notification.subscriber_pk,
    subscriberId: notification.subscriber_id,
    stepId: step.stepId,
    stepType: step.type,
    stepIndex,
    chainOrder: 0,
    parentJobId: null,
    status: JobStatus.PENDING,
    attempt: 1,
    runAt: null,
    digestKey: null,
    digestLeaderId: null,
    digestSeq: null,
    digest: null,
    createdAt: now,
  };
}
