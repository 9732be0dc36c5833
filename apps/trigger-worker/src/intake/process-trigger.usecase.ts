import type { ActorSnapshot, Envelope, SubscriberRef, TriggerRequestedData } from '@herald/contracts';
import type { Tx } from '@herald/persistence';
import { Injectable, Logger } from '@nestjs/common';

import { EventRepository, type StoredEvent } from '../engine/chain/event.repository';
import { JobChainAdvancer } from '../engine/chain/job-chain.advancer';
import { SubscriberRepository } from '../engine/chain/subscriber.repository';
import { InFlightRedispatcher } from '../engine/dispatch/in-flight.redispatcher';
import { TimerRepository } from '../engine/scheduler/timer.repository';
import { WorkerMetrics } from '../platform/worker.metrics';
import { ChainRepository } from './chain.repository';
import { FanoutRunner } from './fanout.runner';
import { type DirectTrigger, mergeSubscriberRefs, planTriggerBatch } from './trigger-batch.plan';

/**
 * Trigger event processing (seed 002), in the consumer's transaction: de-duplicate by
 * transactionId, upsert the subscribers given in `to` and the actor, create one notification per
 * subscriber with its job chain, start the first jobs (dispatches published after the commit,
 * 0048), and run the
 * first page of a topic or broadcast fan-out; further pages run on the scheduler. A batch's
 * direct triggers are written together, a few statements for the group (`planTriggerBatch`):
 * their events, the subscriber upsert (which also answers what the start decision reads), their
 * notifications with their chains, the gate's count, and their first jobs written QUEUED (0049).
 */
@Injectable()
export class ProcessTriggerUseCase {
  private readonly logger = new Logger(ProcessTriggerUseCase.name);

  constructor(
    private readonly events: EventRepository,
    private readonly subscribers: SubscriberRepository,
    private readonly chains: ChainRepository,
    private readonly advancer: JobChainAdvancer,
    private readonly fanout: FanoutRunner,
    private readonly timers: TimerRepository,
    private readonly redispatcher: InFlightRedispatcher,
    private readonly metrics: WorkerMetrics,
  ) {}

  /** Processes a batch of triggers (delivery order) with the outcome of processing them one by one. */
  async executeMany(tx: Tx, envelopes: readonly Envelope<TriggerRequestedData>[]): Promise<void> {
    for (const step of planTriggerBatch(envelopes)) {
      if (step.kind === 'alone') await this.executeAlone(tx, step.envelope);
      else await this.executeDirect(tx, step.triggers);
    }
  }

  /** One trigger on its own: a topic or broadcast fan-out, or one with an actor. */
  private async executeAlone(tx: Tx, envelope: Envelope<TriggerRequestedData>): Promise<void> {
    const data = envelope.data;
    const env = data.environmentId;
    const direct = data.to.filter((recipient): recipient is SubscriberRef => recipient.type === 'Subscriber');
    const fansOut = data.kind === 'broadcast' || direct.length < data.to.length;

    const eventId = await this.events.insert(tx, envelope.id, data, null, fansOut);
    if (!eventId) {
      await this.duplicate(tx, envelope);
      return;
    }

    const keys = await this.subscribers.upsertRefs(
      tx,
      env,
      data.organizationId,
      data.actor ? [...direct, data.actor] : direct,
    );
    const actor = data.actor ? await this.actorSnapshot(tx, env, keys.get(data.actor.subscriberId)!) : null;
    if (actor) await this.events.setActor(tx, env, eventId, actor);

    const event = storedEvent(eventId, data, actor);
    this.events.remember(event);
    const firstJobs = await this.chains.create(
      tx,
      event,
      direct.map((ref) => ({ pk: keys.get(ref.subscriberId)!, subscriberId: ref.subscriberId })),
    );
    this.metrics.notifications.inc(firstJobs.length);
    await this.advancer.startCreated(tx, env, firstJobs);
    if (fansOut && (await this.fanout.runBatch(tx, env, eventId)) === 'more') {
      await this.timers.schedule(tx, [{ environmentId: env, kind: 'fanout', subjectId: eventId, runAt: new Date() }]);
    }
    this.metrics.triggers.inc({ outcome: 'accepted' });
  }

  /**
   * Direct triggers of one environment (a `together` step): their events in one statement, their
   * subscribers in one upsert, their notifications and chains in two, their first jobs started as
   * one set.
   */
  private async executeDirect(tx: Tx, triggers: readonly DirectTrigger[]): Promise<void> {
    const { environmentId: env, organizationId } = triggers[0].envelope.data;
    const eventIds = await this.events.insertMany(
      tx,
      triggers.map(({ envelope }) => ({ messageId: envelope.id, data: envelope.data, actor: null, fanout: false })),
    );
    const accepted: { event: StoredEvent; refs: SubscriberRef[] }[] = [];
    for (const { envelope, refs } of triggers) {
      const eventId = eventIds.get(envelope.id);
      if (!eventId) {
        await this.duplicate(tx, envelope);
        continue;
      }
      const event = storedEvent(eventId, envelope.data, null);
      this.events.remember(event);
      accepted.push({ event, refs });
    }
    if (accepted.length === 0) return;
    const { keys, context } = await this.subscribers.upsertRefsForStart(
      tx,
      env,
      organizationId,
      mergeSubscriberRefs(accepted.flatMap(({ refs }) => refs)),
      accepted.map(({ event }) => event.workflow.id),
    );
    const firstJobs = await this.chains.createMany(
      tx,
      accepted.map(({ event, refs }) => ({
        event,
        subscribers: refs.map((ref) => ({ pk: keys.get(ref.subscriberId)!, subscriberId: ref.subscriberId })),
      })),
    );
    this.metrics.notifications.inc(firstJobs.length);
    await this.advancer.startCreated(tx, env, firstJobs, context);
    this.metrics.triggers.inc({ outcome: 'accepted' }, accepted.length);
  }

  private async duplicate(tx: Tx, envelope: Envelope<TriggerRequestedData>): Promise<void> {
    const { environmentId, transactionId } = envelope.data;
    const original = await this.events.recordDuplicate(tx, environmentId, transactionId, envelope.id);
    if (!original) {
      // Handled before: its dispatches may not have reached the broker (0048), so publish them again.
      const redispatched = await this.redispatcher.redispatch(tx, environmentId, transactionId, envelope.id);
      this.logger.debug({ msg: 'trigger redelivered after it was handled', messageId: envelope.id, redispatched });
      return;
    }
    this.metrics.triggers.inc({ outcome: 'duplicate' });
    this.logger.warn({
      msg: 'duplicate transactionId: trigger ignored',
      environmentId,
      transactionId,
      messageId: envelope.id,
      originalEventId: original,
    });
  }

  private async actorSnapshot(tx: Tx, environmentId: string, pk: string): Promise<ActorSnapshot | null> {
    const snapshot = (await this.subscribers.snapshots(tx, environmentId, [pk])).get(pk);
    if (!snapshot) return null;
    const { channels: _credentials, ...actor } = snapshot;
    return actor;
  }
}

/** The event as stored, kept by value for the jobs that follow (events never change once written). */
function storedEvent(id: string, data: TriggerRequestedData, actor: ActorSnapshot | null): StoredEvent {
  return {
    id,
    environmentId: data.environmentId,
    organizationId: data.organizationId,
    transactionId: data.transactionId,
    kind: data.kind,
    workflow: data.workflow,
    recipients: data.to,
    payload: data.payload,
    overrides: data.overrides,
    actor,
    tenant: data.tenant ?? null,
    context: data.context ?? null,
    attachments: data.attachments,
  };
}
