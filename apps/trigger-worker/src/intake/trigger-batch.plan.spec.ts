import type { Envelope, Recipient, SubscriberRef, TriggerRequestedData } from '@herald/contracts';

import { mergeSubscriberRefs, planTriggerBatch, type TriggerBatchStep } from './trigger-batch.plan';

let seq = 0;
function trigger(
  to: Recipient[],
  extra: Partial<TriggerRequestedData> = {},
  environmentId = 'env-a',
): Envelope<TriggerRequestedData> {
  seq += 1;
  const data = {
    kind: 'trigger',
    environmentId,
    organizationId: 'org',
    transactionId: `tx-${seq}`,
    to,
    ...extra,
  } as TriggerRequestedData;
  return { id: `m-${seq}`, environmentId, data } as Envelope<TriggerRequestedData>;
}
const bare = (subscriberId: string): SubscriberRef => ({ type: 'Subscriber', subscriberId });
const withEmail = (subscriberId: string, email: string): SubscriberRef => ({ type: 'Subscriber', subscriberId, email });
const shape = (steps: TriggerBatchStep[]) =>
  steps.map((step) =>
    step.kind === 'alone' ? `alone:${step.envelope.id}` : step.triggers.map(({ envelope }) => envelope.id).join('+'),
  );

describe('planTriggerBatch', () => {
  it('writes direct triggers of one environment together, in delivery order', () => {
    const batch = [trigger([bare('a')]), trigger([bare('b'), withEmail('c', 'c@x.io')]), trigger([bare('a')])];
    expect(shape(planTriggerBatch(batch))).toEqual([batch.map((e) => e.id).join('+')]);
  });

  it('processes topics, broadcasts and triggers with an actor alone, between the groups around them', () => {
    const batch = [
      trigger([bare('a')]),
      trigger([{ type: 'Topic', topicKey: 'news' } as Recipient]),
      trigger([bare('b')], { kind: 'broadcast', to: [] } as Partial<TriggerRequestedData>),
      trigger([bare('c')], { actor: bare('d') }),
      trigger([bare('e')]),
    ];
    expect(shape(planTriggerBatch(batch))).toEqual([
      batch[0].id,
      `alone:${batch[1].id}`,
      `alone:${batch[2].id}`,
      `alone:${batch[3].id}`,
      batch[4].id,
    ]);
  });

  it('starts a new group where a trigger gives fields for a subscriber the group already names, so no trigger sees later fields', () => {
    const fieldsAfterMention = [trigger([bare('a')]), trigger([withEmail('a', 'new@x.io')])];
    expect(shape(planTriggerBatch(fieldsAfterMention))).toEqual(fieldsAfterMention.map((e) => e.id));
    const fieldsTwice = [trigger([withEmail('a', '1@x.io')]), trigger([withEmail('a', '2@x.io')])];
    expect(shape(planTriggerBatch(fieldsTwice))).toEqual(fieldsTwice.map((e) => e.id));
    const channels = [
      trigger([bare('a')]),
      trigger([
        {
          ...bare('a'),
          channels: [{ providerId: 'slack', credentials: { webhookUrl: 'https://x.io' } }],
        } as SubscriberRef,
      ]),
    ];
    expect(shape(planTriggerBatch(channels))).toEqual(channels.map((e) => e.id));
  });

  it('keeps a mention after the fields in the group: one by one it would have seen them too', () => {
    const batch = [trigger([withEmail('a', 'a@x.io')]), trigger([bare('a')])];
    expect(shape(planTriggerBatch(batch))).toEqual([`${batch[0].id}+${batch[1].id}`]);
  });

  it('never mixes environments in a group', () => {
    const batch = [
      trigger([bare('a')], {}, 'env-a'),
      trigger([bare('a')], {}, 'env-b'),
      trigger([bare('a')], {}, 'env-b'),
    ];
    expect(shape(planTriggerBatch(batch))).toEqual([batch[0].id, `${batch[1].id}+${batch[2].id}`]);
  });
});

describe('mergeSubscriberRefs', () => {
  it('keeps one ref per subscriber: the one giving fields over bare mentions, the last of those within a trigger', () => {
    const merged = mergeSubscriberRefs([
      bare('a'),
      withEmail('a', '1@x.io'),
      bare('b'),
      withEmail('a', '2@x.io'),
      bare('a'),
    ]);
    expect(merged).toEqual([withEmail('a', '2@x.io'), bare('b')]);
  });
});
