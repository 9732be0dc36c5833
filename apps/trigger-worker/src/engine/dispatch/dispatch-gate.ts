import type { Tx } from '@herald/persistence';
import { Inject, Injectable } from '@nestjs/common';

import { WORKER_SETTINGS, type WorkerSettings } from '../../platform/config/worker-settings';
import { HeldDispatchRepository } from './held-dispatch.repository';

/** What the gate decided for a batch: the items to dispatch now and those to hold, each in arrival order. */
export interface GateDecision<T> {
  send: T[];
  hold: T[];
}

/**
 * Splits one channel's items in arrival order: the first `room` are sent, the rest held.
 * Pure, so the rule is checked apart from the SQL that measures the room.
 */
export function splitByRoom<T>(items: readonly T[], room: number): GateDecision<T> {
  const sent = Math.max(0, Math.min(items.length, room));
  return { send: items.slice(0, sent), hold: items.slice(sent) };
}

/**
 * The per-(environment, channel) cap on dispatched, unfinished delivery jobs (decision 0032):
 * a job becoming QUEUED is dispatched only while its environment has fewer than
 * `dispatchInFlightPerEnvironment` jobs in flight on that channel; the others are held in Postgres
 * and released, oldest first, as jobs finish. One bounded count per channel per batch.
 */
@Injectable()
export class DispatchGate {
  constructor(
    private readonly held: HeldDispatchRepository,
    @Inject(WORKER_SETTINGS) private readonly settings: WorkerSettings,
  ) {}

  /** The cap, or undefined when it is off (0). */
  get cap(): number | undefined {
    return this.settings.dispatchInFlightPerEnvironment > 0 ? this.settings.dispatchInFlightPerEnvironment : undefined;
  }

  /** Decides, per channel, which items go to their runner now and which are held. */
  async admit<T>(
    tx: Tx,
    environmentId: string,
    items: readonly T[],
    channelOf: (item: T) => string,
  ): Promise<GateDecision<T>> {
    const cap = this.cap;
    if (cap === undefined || items.length === 0) return { send: [...items], hold: [] };
    const byChannel = new Map<string, T[]>();
    for (const item of items) {
      const channel = channelOf(item);
      const group = byChannel.get(channel);
      if (group) group.push(item);
      else byChannel.set(channel, [item]);
    }
    const decision: GateDecision<T> = { send: [], hold: [] };
    for (const [channel, group] of byChannel) {
      const { send, hold } = splitByRoom(group, await this.held.room(tx, environmentId, channel, cap));
      decision.send.push(...send);
      decision.hold.push(...hold);
    }
    return decision;
  }
}
