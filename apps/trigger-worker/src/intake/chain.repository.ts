import { randomUUID } from 'node:crypto';

import { isDeliveryChannel, JobStatus, type WorkflowStep } from '@herald/contracts';
import type { Tx } from '@herald/persistence';
import { Injectable } from '@nestjs/common';

import type { StoredEvent } from '../engine/chain/event.repository';
import type { SubscriberKey } from '../engine/chain/subscriber.repository';
import type { JobRow } from '../engine/jobs/job.row';
import { sqlRows } from '../platform/sql/sql-rows';

/** The notifications (one per subscriber) and job chains to create for one event. */
export interface NewChains {
  event: StoredEvent;
  subscribers: readonly SubscriberKey[];
}

/** Creates notifications and their job chains, set-based. */
@Injectable()
export class ChainRepository {
  /**
   * One notification per subscriber of `event` (a subscriber who already has one for this event,
   * e.g. reached through two topics or by a resumed fan-out, is skipped) and one PENDING job per
   * active step, chained in step order. Returns the first job of every new chain (only this
   * transaction can see them, so they need no lock); one on a delivery step is `unwritten`, its
   * row written by its first transition.
   */
  create(tx: Tx, event: StoredEvent, subscribers: readonly SubscriberKey[]): Promise<JobRow[]> {
    return this.createMany(tx, [{ event, subscribers }]);
  }

  /** `create` for several events of one environment in one statement (a batch of triggers). */
  async createMany(tx: Tx, chains: readonly NewChains[]): Promise<JobRow[]> {
    const withSubscribers = chains.filter(({ subscribers }) => subscribers.length > 0);
    if (withSubscribers.length === 0) return [];
    const environmentId = withSubscribers[0].event.environmentId;
    // Event-level columns travel once per event (`e`, joined by position), subscriber-level ones once per
    // row: a fan-out page is one event and a thousand subscribers.
    const events = withSubscribers.map(({ event }) => {
      const steps = activeSteps(event);
      return {
        event,
        steps,
        channels: [...new Set(steps.map(({ step }) => step.type).filter(isDeliveryChannel))].join(','),
      };
    });
    const eventColumn = <T>(pick: (entry: (typeof events)[number]) => T) => events.map(pick);
    const rows = withSubscribers.flatMap(({ subscribers }, index) =>
      subscribers.map((subscriber) => ({ subscriber, position: index + 1 })),
    );
    const notificationIds = rows.map(() => randomUUID());
    // Every candidate's chain is built before the statement; only the chains of notifications it
    // creates are written (the join on `n`). A first job on a delivery step is left out: it is
    // written by its first transition, already QUEUED (or CANCELED), one row instead of an insert
    // and an update (decision 0049).
    const jobs = {
      id: [] as string[],
      notification: [] as string[],
      event: [] as string[],
      pk: [] as string[],
      sid: [] as string[],
      stepId: [] as string[],
      type: [] as string[],
      index: [] as number[],
      order: [] as number[],
      parent: [] as (string | null)[],
    };
    const firstByNotification = new Map<string, JobRow>();
    const now = new Date();
    rows.forEach(({ subscriber, position }, row) => {
      const { event, steps } = events[position - 1];
      const notification = {
        id: notificationIds[row],
        subscriber_pk: subscriber.pk,
        subscriber_id: subscriber.subscriberId,
      };
      let parent: string | null = null;
      steps.forEach(({ step, index }, order) => {
        const id = randomUUID();
        if (order === 0) {
          const first = firstJob(event, notification, step, index, id, now);
          firstByNotification.set(notification.id, first);
          parent = id;
          if (first.unwritten) return;
        }
        jobs.id.push(id);
        jobs.notification.push(notification.id);
        jobs.event.push(event.id);
        jobs.pk.push(subscriber.pk);
        jobs.sid.push(subscriber.subscriberId);
        jobs.stepId.push(step.stepId);
        jobs.type.push(step.type);
        jobs.index.push(index);
        jobs.order.push(order);
        jobs.parent.push(order === 0 ? null : parent);
        parent = id;
      });
    });
    // Channels travel comma-joined: unnest flattens a two-dimensional array (channel types have no commas).
    // A job's transaction_id is its event's, sent once per event.
    const created = await sqlRows<{ id: string }>(
      tx,
      `WITH e AS (
         SELECT * FROM unnest($6::text[], $7::uuid[], $8::text[], $9::text[], $10::text[], $11::int[], $12::text[]) WITH ORDINALITY
           AS e(organization_id, event_id, transaction_id, workflow_id, workflow_identifier, workflow_version, channels, position)
       ), n AS (
         INSERT INTO trigger.notifications (id, environment_id, organization_id, event_id, transaction_id, workflow_id, workflow_identifier, workflow_version, subscriber_pk, subscriber_id, channels)
         SELECT n.id, $1, e.organization_id, e.event_id, e.transaction_id, e.workflow_id, e.workflow_identifier, e.workflow_version, n.pk, n.sid, string_to_array(e.channels, ',')
         FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::int[]) AS n(id, pk, sid, position)
         JOIN e ON e.position = n.position
         ON CONFLICT (event_id, subscriber_pk) DO NOTHING
         RETURNING id
       ), j AS (
         INSERT INTO trigger.jobs (id, environment_id, notification_id, event_id, transaction_id, subscriber_pk, subscriber_id, step_id, step_type, step_index, chain_order, parent_job_id)
         SELECT j.id, $1, j.notification_id, j.event_id, e.transaction_id, j.pk, j.sid, j.step_id, j.step_type, j.step_index, j.chain_order, j.parent
         FROM unnest($13::uuid[], $14::uuid[], $15::uuid[], $16::uuid[], $17::text[], $18::text[], $19::text[], $20::int[], $21::int[], $22::uuid[])
           AS j(id, notification_id, event_id, pk, sid, step_id, step_type, step_index, chain_order, parent)
         JOIN n ON n.id = j.notification_id
         JOIN e ON e.event_id = j.event_id
       )
       SELECT id FROM n`,
      [
        environmentId,
        notificationIds,
        rows.map(({ subscriber }) => subscriber.pk),
        rows.map(({ subscriber }) => subscriber.subscriberId),
        rows.map(({ position }) => position),
        eventColumn(({ event }) => event.organizationId),
        eventColumn(({ event }) => event.id),
        eventColumn(({ event }) => event.transactionId),
        eventColumn(({ event }) => event.workflow.id),
        eventColumn(({ event }) => event.workflow.identifier),
        eventColumn(({ event }) => event.workflow.version),
        eventColumn(({ channels }) => channels),
        jobs.id,
        jobs.notification,
        jobs.event,
        jobs.pk,
        jobs.sid,
        jobs.stepId,
        jobs.type,
        jobs.index,
        jobs.order,
        jobs.parent,
      ],
    );
    const firstJobs: JobRow[] = [];
    for (const { id } of created) {
      const first = firstByNotification.get(id);
      if (first) firstJobs.push(first);
    }
    return firstJobs;
  }
}

/** The workflow's active steps with their index in it: a chain has one job per active step, in order. */
function activeSteps(event: StoredEvent): { step: WorkflowStep; index: number }[] {
  return event.workflow.steps.map((step, index) => ({ step, index })).filter(({ step }) => step.active);
}

function firstJob(
  event: StoredEvent,
  notification: { id: string; subscriber_pk: string; subscriber_id: string },
  step: WorkflowStep,
  stepIndex: number,
  id: string,
  now: Date,
): JobRow {
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
    dispatch: null,
    createdAt: now,
    ...(isDeliveryChannel(step.type) ? { unwritten: true } : {}),
  };
}
