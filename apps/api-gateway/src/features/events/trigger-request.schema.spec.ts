import { parseRequest } from '../../pipeline/validation/parse-request';
import {
  bulkTriggerEventSchema,
  triggerEventRequestSchema,
  triggerEventToAllRequestSchema,
} from './trigger-request.schema';

// The wording Novu's clients have always got from the trigger routes, rule by rule.
const trigger = (value: unknown, object = 'body') => parseRequest(triggerEventRequestSchema, value, { object });
const nameMessages = [
  'name must be a string',
  'name should not be empty',
  'name must be shorter than or equal to 255 characters',
];

describe('the trigger request schema', () => {
  it.each([
    ['missing', {}, nameMessages],
    ['a number', { name: 42 }, [nameMessages[0], nameMessages[2]]],
    ['an array', { name: [] }, [nameMessages[0], nameMessages[2]]],
    ['null', { name: null }, nameMessages],
    ['empty', { name: '' }, [nameMessages[1]]],
    ['too long', { name: 'x'.repeat(256) }, [nameMessages[2]]],
  ])('words every broken rule of a name that is %s', (_case, body, messages) => {
    const result = trigger({ to: 'a', ...body });
    expect(result.ok ? {} : result.errors.name.messages).toEqual(messages);
  });

  it('counts characters, not UTF-16 units', () => {
    expect(trigger({ name: '😀'.repeat(255), to: 'a' }).ok).toBe(true);
    expect(trigger({ name: 'e\uFE0F'.repeat(255), to: 'a' }).ok).toBe(true);
    expect(trigger({ name: '😀'.repeat(256), to: 'a' }).ok).toBe(false);
  });

  it('checks optional fields only when present', () => {
    const absent = { name: 'w', to: 'a', payload: null, transactionId: null, actor: null, tenant: null };
    expect(trigger(absent)).toEqual({ ok: true, value: absent });
    expect(trigger({ name: 'w', to: 'a', transactionId: '', payload: [], overrides: 5, context: true })).toEqual({
      ok: false,
      errors: {
        transactionId: { messages: ['transactionId should not be empty'], value: '' },
        payload: { messages: ['payload must be an object'], value: [] },
        overrides: { messages: ['overrides must be an object'], value: 5 },
        context: { messages: ['context must be an object'], value: true },
      },
    });
    expect(trigger({ name: 'w', to: 'a', transactionId: 5 })).toMatchObject({
      errors: {
        transactionId: {
          messages: ['transactionId must be a string', 'transactionId must be shorter than or equal to 255 characters'],
        },
      },
    });
  });

  it('names recipients, actor and tenant problems at their own paths', () => {
    const result = trigger({ name: 'w', to: [{ subscriberId: 'a', email: 5 }, 7], actor: 5, tenant: { name: 'x' } });
    expect(result.ok ? {} : Object.keys(result.errors)).toEqual(['actor', 'tenant.identifier', 'to[0].email', 'to[1]']);
    expect(trigger({ name: 'w' })).toMatchObject({ errors: { to: { messages: ['is required'] } } });
  });

  it('drops unknown fields and refuses a body that is not an object, naming it', () => {
    expect(trigger({ name: 'w', to: 'a', extra: 1 })).toEqual({ ok: true, value: { name: 'w', to: 'a' } });
    expect(trigger(5, 'event')).toEqual({
      ok: false,
      errors: { event: { messages: ['event must be a JSON object'], value: 5 } },
    });
    expect(trigger(null)).toEqual({
      ok: false,
      errors: { body: { messages: ['body must be a JSON object'], value: null } },
    });
  });

  it('words the bulk and broadcast bodies the same way', () => {
    const bulk = (value: unknown) => parseRequest(bulkTriggerEventSchema, value, { object: 'body' });
    expect(bulk({})).toMatchObject({
      errors: {
        events: {
          messages: [
            'events must contain no more than 100 elements',
            'events must contain at least 1 elements',
            'events must be an array',
          ],
        },
      },
    });
    expect(bulk({ events: [] })).toMatchObject({
      errors: { events: { messages: ['events must contain at least 1 elements'] } },
    });
    expect(bulk({ events: [1] })).toEqual({ ok: true, value: { events: [1] } });
    const broadcast = parseRequest(
      triggerEventToAllRequestSchema,
      { name: 'w', payload: 5, to: 'x' },
      { object: 'body' },
    );
    expect(broadcast).toEqual({
      ok: false,
      errors: { payload: { messages: ['payload must be an object'], value: 5 } },
    });
  });
});
