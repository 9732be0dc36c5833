import { Injectable, Logger } from '@nestjs/common';
import type { ActorSnapshot, Envelope, SubscriberRef, TriggerRequestedData } from '@herald/contracts';
import type { EntityManager } from 'typeorm';
import { JobChainAdvancer } from '../chain/job-chain.advancer';
import { WorkerMetrics } from '../metrics/worker.metrics';
import { ChainRepository } from '../persistence/chain.repository';
import { EventRepository, type StoredEvent } from '../persistence/event.repository';
import { SubscriberRepository } from '../persistence/subscriber.repository';
import { TimerRepository } from '../persistence/timer.repository';
import { FanoutRunner } from './fanout.runner';

/** What processing a trigger did. */
export type TriggerOutcome = 'accepted' | 'duplicate';

/**
 * Trigger event processing (seed 002), in the consumer's transaction: de-duplicate by
 * transactionId, upsert the subscribers given in `to` and the actor, create one notification per
 * subscriber with its job chain, start the first jobs (dispatches go to the outbox), and run the
 * first page of a topic or broadcast fan-out; further pages run on the scheduler.
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
    private readonly metrics: WorkerMetrics,
  ) {}

  async execute(manager: EntityManager, envelope: Envelope<TriggerRequestedData>): Promise<TriggerOutcome> {
    const data = envelope.data;
    if (data.environmentId !== envelope.environmentId) throw new Error('data.environmentId does not match the envelope environmentId');
    const env = data.environmentId;
    const direct = data.to.filter((recipient): recipient is SubscriberRef => recipient.type === 'Subscriber');
    const fansOut = data.kind === 'broadcast' || direct.length < data.to.length;

    const eventId = await this.events.insert(manager, envelope.id, data, null, fansOut);
    if (!eventId) {
      const original = await this.events.recordDuplicate(manager, env, data.transactionId, envelope.id);
      this.metrics.triggers.inc({ outcome: 'duplicate' });
      this.logger.warn({ msg: 'duplicate transactionId: trigger ignored', environmentId: env, transactionId: data.transactionId, messageId: envelope.id, originalEventId: original });
      return 'duplicate';
    }

    const keys = await this.subscribers.upsertRefs(manager, env, data.organizationId, data.actor ? [...direct, data.actor] : direct);
    const actor = data.actor ? await this.actorSnapshot(manager, env, keys.get(data.actor.subscriberId)!) : null;
    if (actor) await manager.query('UPDATE trigger.events SET actor = $3::jsonb WHERE environment_id = $1 AND id = $2', [env, eventId, JSON.stringify(actor)]);

    const event: StoredEvent = {
      id: eventId,
      environmentId: env,
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
    this.events.remember(event);
    const firstJobs = await this.chains.create(manager, event, direct.map((ref) => ({ pk: keys.get(ref.subscriberId)!, subscriberId: ref.subscriberId })));
    this.metrics.notifications.inc(firstJobs.length);
    await this.advancer.startCreated(manager, env, firstJobs);
    if (fansOut && (await this.fanout.runBatch(manager, env, eventId)) === 'more') {
      await this.timers.schedule(manager, [{ environmentId: env, kind: 'fanout', subjectId: eventId, runAt: new Date() }]);
    }
    this.metrics.triggers.inc({ outcome: 'accepted' });
    return 'accepted';
  }

  private async actorSnapshot(manager: EntityManager, environmentId: string, pk: string): Promise<ActorSnapshot | null> {
    const snapshot = (await this.subscribers.snapshots(manager, environmentId, [pk])).get(pk);
    if (!snapshot) return null;
    const { channels: _credentials, ...actor } = snapshot;
    return actor;
  }
}
