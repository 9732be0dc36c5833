import { startTriggerTestKit, TriggerTestKit } from './support/trigger-test-kit';

const JSON_HEADERS = { 'content-type': 'application/json' };
const valid = { name: 'bad-input', to: 'ada' };

/** [case, raw JSON body, expected status]: none may be a 5xx, none may queue anything. */
const rows: [string, string, number][] = [
  ['name is a number', JSON.stringify({ ...valid, name: 7 }), 422],
  ['name is null', JSON.stringify({ ...valid, name: null }), 422],
  ['name is an object', JSON.stringify({ ...valid, name: { $gt: '' } }), 422],
  ['name is empty', JSON.stringify({ ...valid, name: '' }), 422],
  ['name is huge', JSON.stringify({ ...valid, name: 'n'.repeat(300_000) }), 422],
  ['name is unicode and unknown', JSON.stringify({ ...valid, name: '🚀 ünknöwn ‮' }), 422],
  ['to is null', JSON.stringify({ ...valid, to: null }), 422],
  ['to is a number', JSON.stringify({ ...valid, to: 12 }), 422],
  ['to is true', JSON.stringify({ ...valid, to: true }), 422],
  ['to holds null', JSON.stringify({ ...valid, to: [null] }), 422],
  ['to holds nested arrays', JSON.stringify({ ...valid, to: [['ada']] }), 422],
  ['to has 101 recipients', JSON.stringify({ ...valid, to: Array.from({ length: 101 }, (_, i) => `s${i}`) }), 422],
  ['to has a huge subscriberId', JSON.stringify({ ...valid, to: 's'.repeat(100_000) }), 422],
  ['to has an unknown type', JSON.stringify({ ...valid, to: { type: 'Group', subscriberId: 'x' } }), 422],
  ['a topic without key', JSON.stringify({ ...valid, to: { type: 'Topic' } }), 422],
  ['email is an array', JSON.stringify({ ...valid, to: { subscriberId: 'a', email: ['x'] } }), 422],
  ['channels is a string', JSON.stringify({ ...valid, to: { subscriberId: 'a', channels: 'fcm' } }), 422],
  ['payload is a string', JSON.stringify({ ...valid, payload: 'x' }), 422],
  ['payload is an array', JSON.stringify({ ...valid, payload: [1] }), 422],
  ['payload is over 512 KB', JSON.stringify({ ...valid, payload: { x: 'é'.repeat(300_000) } }), 413],
  [
    'an inline attachment is not base64',
    JSON.stringify({
      ...valid,
      payload: { attachments: [{ file: 'not base64!', name: 'a.txt', mime: 'text/plain' }] },
    }),
    422,
  ],
  ['overrides is a number', JSON.stringify({ ...valid, overrides: 1 }), 422],
  ['transactionId is a number', JSON.stringify({ ...valid, transactionId: 5 }), 422],
  ['transactionId is huge', JSON.stringify({ ...valid, transactionId: 't'.repeat(256) }), 422],
  ['actor is a number', JSON.stringify({ ...valid, actor: 1 }), 422],
  ['actor is a topic', JSON.stringify({ ...valid, actor: { type: 'Topic', topicKey: 't' } }), 422],
  ['tenant is an array', JSON.stringify({ ...valid, tenant: ['acme'] }), 422],
  ['tenant without identifier', JSON.stringify({ ...valid, tenant: { name: 'x' } }), 422],
  ['context is a string', JSON.stringify({ ...valid, context: 'x' }), 422],
  ['the body is an array', '[{"name":"bad-input","to":"ada"}]', 422],
  ['the body is null', 'null', 422],
  ['a __proto__ key at the top', '{"__proto__": {"isAdmin": true}, "name": "bad-input", "to": "ada"}', 400],
  [
    'a __proto__ key in the payload',
    '{"name": "bad-input", "to": "ada", "payload": {"a": {"__proto__": {"x": 1}}}}',
    400,
  ],
  ['a __proto__ key in a subscriber', '{"name": "bad-input", "to": {"subscriberId": "a", "__proto__": {"x": 1}}}', 400],
  [
    'constructor.prototype',
    '{"name": "bad-input", "to": "ada", "payload": {"constructor": {"prototype": {"x": 1}}}}',
    400,
  ],
  ['deep nesting', `{"name": "bad-input", "to": "ada", "payload": ${'{"a":'.repeat(100)}1${'}'.repeat(100)}}`, 400],
  ['malformed JSON', '{"name": "bad-input", "to": ', 400],
  // Valid JSON, but not Unicode: Postgres jsonb cannot store it, so the body parser refuses it (decision 0019).
  ['a lone surrogate in the name', '{"name": "\\ud800", "to": "ada"}', 400],
  ['a lone surrogate in the payload', '{"name": "bad-input", "to": "ada", "payload": {"a": "x\\udc00"}}', 400],
  ['a NUL character in the payload', '{"name": "bad-input", "to": "ada", "payload": {"a": "x\\u0000"}}', 400],
];
const table = rows.map(([name, raw, status]) => [name, status, raw] as const);

describe('a table of bad input: never a 5xx, never queued', () => {
  let kit: TriggerTestKit;

  beforeAll(async () => {
    kit = await startTriggerTestKit();
    await kit.createWorkflow('bad-input');
  });
  afterAll(() => kit.close());

  it.each(table)('%s → %i', async (_case, status, raw) => {
    const response = await kit.send('/v1/events/trigger', undefined, { raw, headers: JSON_HEADERS });
    expect(response.status).toBe(status);
    expect(response.body).toMatchObject({
      statusCode: status,
      path: '/v1/events/trigger',
      message: expect.any(String),
    });
  });

  it('rejects invalid UTF-8 bytes with a 400', async () => {
    const raw = Buffer.concat([
      Buffer.from('{"name": "bad-input", "to": "'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('"}'),
    ]);
    expect((await kit.send('/v1/events/trigger', undefined, { raw, headers: JSON_HEADERS })).status).toBe(400);
  });

  it('queued nothing for any of them, while a valid trigger still goes through', async () => {
    expect(await kit.triggers.count()).toBe(0);
    const response = await kit.send('/v1/events/trigger', valid);
    expect(response.body.data?.status).toBe('processed');
    expect(await kit.triggers.count()).toBe(1);
  });
});
