import type { Envelope, SubscriberRef, TriggerRequestedData } from '@herald/contracts';

type TriggerEnvelope = Envelope<TriggerRequestedData>;

/**
 * A step of processing a batch of triggers in one transaction: a group of direct triggers written
 * together, set-based, or one trigger processed on its own (topics, broadcasts, an actor: work
 * that reads what it wrote, page by page).
 */
export type TriggerBatchStep =
  { kind: 'together'; triggers: DirectTrigger[] } | { kind: 'alone'; envelope: TriggerEnvelope };

/** A direct trigger of a `together` step, with its subscriber recipients. */
export interface DirectTrigger {
  envelope: TriggerEnvelope;
  refs: SubscriberRef[];
}

/**
 * Splits a batch (delivery order) into steps whose outcome is the same as processing the triggers
 * one after another. A group holds direct triggers (subscriber recipients only, no actor) of one
 * environment; a trigger that gives a subscriber's profile fields or channel credentials starts a
 * new group when that subscriber is already in the group, so every trigger still sees each
 * subscriber as it would have one by one: fields given earlier, never fields given later.
 */
export function planTriggerBatch(envelopes: readonly TriggerEnvelope[]): TriggerBatchStep[] {
  const steps: TriggerBatchStep[] = [];
  let group: { triggers: DirectTrigger[]; environmentId: string; subscribers: Set<string> } | undefined;
  for (const envelope of envelopes) {
    const refs = directRefs(envelope.data);
    if (!refs) {
      group = undefined;
      steps.push({ kind: 'alone', envelope });
      continue;
    }
    const joins =
      group !== undefined &&
      group.environmentId === envelope.data.environmentId &&
      refs.every((ref) => !(givesFields(ref) && group!.subscribers.has(ref.subscriberId)));
    if (!joins || !group) {
      group = { triggers: [], environmentId: envelope.data.environmentId, subscribers: new Set() };
      steps.push({ kind: 'together', triggers: group.triggers });
    }
    group.triggers.push({ envelope, refs });
    for (const ref of refs) group.subscribers.add(ref.subscriberId);
  }
  return steps;
}

/**
 * The subscribers a group's triggers name, one ref per subscriberId for one upsert: the ref that
 * gives fields wins over bare mentions (a group holds at most one trigger giving fields for a
 * subscriber; within that trigger the last such ref wins, as in a single trigger's upsert).
 */
export function mergeSubscriberRefs(refs: readonly SubscriberRef[]): SubscriberRef[] {
  const merged = new Map<string, SubscriberRef>();
  for (const ref of refs) if (givesFields(ref) || !merged.has(ref.subscriberId)) merged.set(ref.subscriberId, ref);
  return [...merged.values()];
}

/** The trigger's subscriber recipients when it can be written with others: direct recipients only, no actor. */
function directRefs(data: TriggerRequestedData): SubscriberRef[] | undefined {
  if (data.kind !== 'trigger' || data.actor) return undefined;
  const refs: SubscriberRef[] = [];
  for (const recipient of data.to) {
    if (recipient.type !== 'Subscriber') return undefined;
    refs.push(recipient);
  }
  return refs;
}

/** True when the ref sets something on the subscriber (profile fields, data, channel credentials), not only names it. */
function givesFields(ref: SubscriberRef): boolean {
  return Object.entries(ref).some(([key, value]) => key !== 'type' && key !== 'subscriberId' && value !== undefined);
}
