import { startTriggerTestKit, TriggerTestKit } from './support/trigger-test-kit';

const LIMIT = 1024 * 1024;

/** Every error leaves in Novu's shape. */
function expectErrorShape(body: Record<string, unknown>, status: number, path = '/v1/events/trigger'): void {
  expect(body).toMatchObject({ statusCode: status, path });
  expect(typeof body.message).toBe('string');
  expect(new Date(body.timestamp as string).toISOString()).toBe(body.timestamp);
}

describe('errors and request validation', () => {
  let kit: TriggerTestKit;
  const trigger = (body: unknown, options?: Parameters<TriggerTestKit['send']>[2]) =>
    kit.send('/v1/events/trigger', body, options);

  beforeAll(async () => {
    kit = await startTriggerTestKit({ MAX_BODY_BYTES: String(LIMIT) });
  });
  afterAll(() => kit.close());

  describe('body parsing', () => {
    it.each([
      ['text/plain', { 'content-type': 'text/plain' }],
      ['a form', { 'content-type': 'application/x-www-form-urlencoded' }],
      ['latin-1 JSON', { 'content-type': 'application/json; charset=iso-8859-1' }],
      ['gzip', { 'content-type': 'application/json', 'content-encoding': 'gzip' }],
    ])('is 415 for %s', async (_case, headers) => {
      const response = await trigger(undefined, { raw: '{"name":"x","to":"a"}', headers });
      expect(response.status).toBe(415);
      expectErrorShape(response.body, 415);
    });

    it('is 415 for a body without content type', async () => {
      const response = await trigger(undefined, { raw: Buffer.from('{"name":"x"}') });
      expect(response.status).toBe(415);
    });

    it('accepts application/*+json and an explicit utf-8 charset', async () => {
      for (const contentType of ['application/vnd.api+json', 'application/json; charset=UTF-8']) {
        const response = await trigger(undefined, { raw: '{}', headers: { 'content-type': contentType } });
        expect(response.status).toBe(422);
      }
    });

    it('is 413 for a body over MAX_BODY_BYTES', async () => {
      const raw = JSON.stringify({ name: 'x', to: 'a', payload: { blob: 'x'.repeat(LIMIT) } });
      const response = await trigger(undefined, { raw, headers: { 'content-type': 'application/json' } });
      expect(response.status).toBe(413);
      expectErrorShape(response.body, 413);
    });

    it.each([
      ['malformed JSON', '{"name": "x",', 'MALFORMED_JSON'],
      ['a trailing comma', '{"name": "x",}', 'MALFORMED_JSON'],
      ['invalid UTF-8', Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]), 'INVALID_ENCODING'],
      ['deep nesting', `{"payload": ${'['.repeat(5000)}${']'.repeat(5000)}}`, 'JSON_TOO_DEEP'],
      ['a __proto__ key', '{"name": "x", "to": "a", "payload": {"__proto__": {"admin": true}}}', 'FORBIDDEN_PROPERTY'],
      ['constructor.prototype', '{"constructor": {"prototype": {"admin": true}}}', 'FORBIDDEN_PROPERTY'],
    ])('is 400 with its own type for %s', async (_case, raw, type) => {
      const response = await trigger(undefined, { raw, headers: { 'content-type': 'application/json' } });
      expect(response.status).toBe(400);
      expectErrorShape(response.body, 400);
      expect(response.body.type).toBe(type);
      expect(Array.isArray(response.body.errors)).toBe(true);
    });

    it('does not pollute prototypes', async () => {
      await trigger(undefined, {
        raw: '{"__proto__": {"polluted": true}}',
        headers: { 'content-type': 'application/json' },
      });
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });
  });

  describe('request validation (422)', () => {
    it('names every broken field with its messages and value', async () => {
      const response = await trigger({
        name: 42,
        payload: 'text',
        transactionId: '',
        to: [{ subscriberId: 'a', email: 5 }, 7],
      });
      expect(response.status).toBe(422);
      expectErrorShape(response.body, 422);
      expect(response.body.errors).toEqual({
        name: {
          messages: ['name must be a string', 'name must be shorter than or equal to 255 characters'],
          value: 42,
        },
        payload: { messages: ['payload must be an object'], value: 'text' },
        transactionId: { messages: ['transactionId should not be empty'], value: '' },
        'to[0].email': { messages: ['Expected string, received number'], value: 5 },
        'to[1]': { messages: [expect.stringMatching(/^must be a subscriberId string/)], value: 7 },
      });
    });

    it('reports missing required fields and a body that is not an object', async () => {
      expect((await trigger({})).body.errors).toMatchObject({
        name: expect.anything(),
        to: { messages: ['is required'] },
      });
      for (const raw of ['[]', '"text"', 'null', '12']) {
        const response = await trigger(undefined, { raw, headers: { 'content-type': 'application/json' } });
        expect(response.status).toBe(422);
        expect(response.body.errors.body.messages).toEqual(['body must be a JSON object']);
      }
      const empty = await trigger(undefined, { raw: '', headers: { 'content-type': 'application/json' } });
      expect(empty.status).toBe(422);
    });

    it('validates actor and tenant', async () => {
      const response = await trigger({
        name: 'w',
        to: 'a',
        actor: { firstName: 'x' },
        tenant: { name: 'no identifier' },
      });
      expect(response.status).toBe(422);
      expect(Object.keys(response.body.errors).sort()).toEqual(['actor.subscriberId', 'tenant.identifier']);
    });

    it('does not echo huge values back', async () => {
      const response = await trigger({ name: 'n'.repeat(100_000), to: 'a' });
      expect(response.status).toBe(422);
      expect(response.body.errors.name.value.length).toBeLessThan(300);
    });

    it('is 422 for 101 recipients', async () => {
      const response = await trigger({ name: 'w', to: Array.from({ length: 101 }, (_, i) => `s-${i}`) });
      expect(response.status).toBe(422);
      expect(response.body.errors.to.messages).toEqual(['must list at most 100 recipients (got 101)']);
    });
  });

  describe('other errors keep the shape', () => {
    it('401 and 404', async () => {
      const unauthorized = await kit.send(
        '/v1/events/trigger',
        { name: 'w', to: 'a' },
        { environment: { apiKey: 'hk_test_unknown_unknown', environmentId: '', organizationId: '' } },
      );
      expect(unauthorized.status).toBe(401);
      expectErrorShape(unauthorized.body, 401);
      const notFound = await kit.send('/v1/nowhere', undefined, { method: 'GET' });
      expect(notFound.status).toBe(404);
      expectErrorShape(notFound.body, 404, '/v1/nowhere');
    });
  });
});
