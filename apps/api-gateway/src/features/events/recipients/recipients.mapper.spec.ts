import { recipientSchema } from '@herald/contracts';

import { issuesError, toFieldErrors } from '../../../core/errors/field-errors';
import { checkRecipients, mapRecipients } from './recipients.mapper';
import { readActor } from './subscriber-input';

const errorsOf = (to: unknown) => toFieldErrors(issuesError(checkRecipients(to)), to, { at: 'to' });
const messages = (to: unknown) =>
  Object.entries(errorsOf(to)).flatMap(([field, error]) => error.messages.map((message) => `${field}: ${message}`));

describe('checkRecipients', () => {
  it('accepts every shape Novu clients send', () => {
    expect(messages('sub-1')).toEqual([]);
    expect(messages({ subscriberId: 'sub-1', email: 'a@b.co', phone: null, data: { plan: 'pro' } })).toEqual([]);
    expect(messages({ type: 'Topic', topicKey: 'team', exclude: ['sub-1'] })).toEqual([]);
    expect(
      messages([
        'a',
        { subscriberId: 'b' },
        { type: 'Topic', topicKey: 't' },
        { type: 'Subscriber', subscriberId: 'c' },
      ]),
    ).toEqual([]);
    expect(messages([])).toEqual([]);
  });

  it('does not count blank ids as malformed (they are dropped later)', () => {
    expect(messages(['', '   ', { subscriberId: '' }, { type: 'Topic', topicKey: ' ' }])).toEqual([]);
  });

  it('reports missing, wrongly typed and malformed recipients with their paths', () => {
    expect(messages(undefined)).toEqual(['to: is required']);
    expect(messages(null)).toEqual(['to: is required']);
    expect(messages(42)).toEqual([
      expect.stringMatching(/^to: must be a subscriberId string, a subscriber object or a topic object/),
    ]);
    expect(
      messages([
        'ok',
        7,
        null,
        ['nested'],
        { email: 'x@y.z' },
        { type: 'Topic' },
        { type: 'Group', id: 1 },
        { subscriberId: 'a', email: 5 },
      ]),
    ).toEqual([
      expect.stringMatching(/^to\[1\]: must be a subscriberId string/),
      expect.stringMatching(/^to\[2\]: must be a subscriberId string/),
      expect.stringMatching(/^to\[3\]: must be a subscriberId string/),
      'to[4].subscriberId: is required (a topic needs "type": "Topic")',
      'to[5].topicKey: is required',
      'to[6].type: must be "Subscriber" or "Topic"',
      'to[7].email: Expected string, received number',
    ]);
  });

  it('enforces the contract limits', () => {
    expect(messages({ subscriberId: 's'.repeat(256) })).toEqual(['to.subscriberId: must be at most 255 characters']);
    expect(messages({ subscriberId: 'a', email: `${'e'.repeat(320)}@x.io` })).toEqual([
      'to.email: must be at most 320 characters',
    ]);
  });

  it('accepts 100 recipients and refuses 101', () => {
    const many = Array.from({ length: 101 }, (_, i) => `s-${i}`);
    expect(messages(many.slice(1))).toEqual([]);
    expect(messages(many)).toEqual(['to: must list at most 100 recipients (got 101)']);
  });

  it('echoes the offending value', () => {
    expect(errorsOf([{ subscriberId: 'a', email: 5 }])).toEqual({
      'to[0].email': { messages: ['Expected string, received number'], value: 5 },
    });
  });
});

describe('mapRecipients', () => {
  it('normalises strings and objects to contract recipients', () => {
    const { recipients, dropped } = mapRecipients([
      'a',
      { subscriberId: 'b', firstName: 'Ada', unknown: true },
      { type: 'Topic', topicKey: 't' },
    ]);
    expect(dropped).toBe(0);
    expect(recipients).toEqual([
      { type: 'Subscriber', subscriberId: 'a' },
      { type: 'Subscriber', subscriberId: 'b', firstName: 'Ada' },
      { type: 'Topic', topicKey: 't' },
    ]);
    recipients.forEach((recipient) => expect(recipientSchema.parse(recipient)).toEqual(recipient));
  });

  it('maps a single string or object', () => {
    expect(mapRecipients('solo').recipients).toEqual([{ type: 'Subscriber', subscriberId: 'solo' }]);
    expect(mapRecipients({ type: 'Topic', topicKey: 'x' }).recipients).toEqual([{ type: 'Topic', topicKey: 'x' }]);
  });

  it('drops recipients that name nobody', () => {
    expect(mapRecipients(['', { subscriberId: ' ' }, { type: 'Topic', topicKey: '' }, 'kept'])).toEqual({
      recipients: [{ type: 'Subscriber', subscriberId: 'kept' }],
      dropped: 3,
    });
    expect(mapRecipients([])).toEqual({ recipients: [], dropped: 0 });
  });

  it('merges a subscriber named twice, keeping the first position and the later fields', () => {
    const { recipients } = mapRecipients([
      { subscriberId: 'a', email: 'old@x.io', firstName: 'Ada' },
      'b',
      { subscriberId: 'a', email: 'new@x.io', phone: null },
      'a',
    ]);
    expect(recipients).toEqual([
      { type: 'Subscriber', subscriberId: 'a', email: 'new@x.io', firstName: 'Ada', phone: null },
      { type: 'Subscriber', subscriberId: 'b' },
    ]);
  });

  it('merges a topic named twice into the union of its recipients', () => {
    const topic = (exclude?: string[]) => ({ type: 'Topic', topicKey: 't', ...(exclude ? { exclude } : {}) });
    expect(mapRecipients([topic(['x', 'y']), topic(['y', 'z'])]).recipients).toEqual([
      { type: 'Topic', topicKey: 't', exclude: ['y'] },
    ]);
    expect(mapRecipients([topic(['x']), topic()]).recipients).toEqual([{ type: 'Topic', topicKey: 't' }]);
  });

  it('keeps a subscriber and a topic with the same key apart', () => {
    expect(mapRecipients(['same', { type: 'Topic', topicKey: 'same' }]).recipients).toHaveLength(2);
  });
});

describe('readActor', () => {
  it('maps a string or a subscriber object', () => {
    expect(readActor('actor-1')).toEqual({ ref: { type: 'Subscriber', subscriberId: 'actor-1' } });
    expect(readActor({ subscriberId: 'a', firstName: 'Grace' })).toEqual({
      ref: { type: 'Subscriber', subscriberId: 'a', firstName: 'Grace' },
    });
  });

  it('refuses blank, topic and malformed actors', () => {
    expect(readActor('')).toMatchObject({ issues: [{ path: [] }] });
    expect(readActor({ type: 'Topic', topicKey: 't' })).toMatchObject({ issues: [{ path: ['type'] }] });
    expect(readActor(12)).toMatchObject({ issues: [{ path: [] }] });
    expect(readActor({ subscriberId: 'a', avatar: 3 })).toMatchObject({ issues: [{ path: ['avatar'] }] });
  });
});
