import { startTriggerTestKit, TriggerTestKit } from '../trigger/support/trigger-test-kit';

const RLO = '\u202E';
const inbox = (controlValues: Record<string, unknown>) => [{ name: 'Inbox', type: 'in_app', controlValues }];

/** Issue 13's input hygiene at the API: unsafe links and headers, control and bidi characters → 422 naming the field. */
describe('input hygiene (issue 13)', () => {
  let kit: TriggerTestKit;

  beforeAll(async () => {
    kit = await startTriggerTestKit();
    await kit.createWorkflow('hygiene');
  });
  afterAll(() => kit.close());

  const fieldsOf = (body: { errors?: Record<string, unknown> }) => Object.keys(body.errors ?? {});

  describe('links and headers', () => {
    it('refuses a javascript: redirect at save (POST, PUT and a step action)', async () => {
      const created = await kit.send('/v2/workflows', {
        name: 'unsafe',
        workflowId: 'unsafe-link',
        steps: inbox({ body: 'x', redirect: { url: 'javascript:alert(1)' } }),
      });
      expect(created.status).toBe(422);
      expect(fieldsOf(created.body)).toEqual(['steps[0].controlValues.redirect.url']);
      expect(created.body.errors['steps[0].controlValues.redirect.url'].messages[0]).toMatch(
        /http\(s\) or relative URL/,
      );

      const updated = await kit.send(
        '/v2/workflows/hygiene',
        {
          name: 'hygiene',
          steps: inbox({ body: 'x', primaryAction: { label: 'Go', redirect: { url: ' JavaScript:alert(1)' } } }),
        },
        { method: 'PUT' },
      );
      expect(updated.status).toBe(422);
      expect(fieldsOf(updated.body)).toEqual(['steps[0].controlValues.primaryAction.redirect.url']);
    });

    it('keeps http(s), relative and templated links', async () => {
      const links = {
        redirect: { url: '/posts/1' },
        primaryAction: { label: 'Go', redirect: { url: 'https://example.com/{{payload.id}}' } },
      };
      const created = await kit.send('/v2/workflows', {
        name: 'safe',
        workflowId: 'safe-link',
        steps: inbox({ body: 'x', ...links }),
      });
      expect(created.status).toBe(201);
    });

    it('refuses a javascript: redirect in the trigger overrides', async () => {
      const response = await kit.send('/v1/events/trigger', {
        name: 'hygiene',
        to: 'ada',
        overrides: { inApp: { redirect: { url: 'javascript:alert(1)' } } },
      });
      expect(response.status).toBe(422);
      expect(fieldsOf(response.body)).toEqual(['overrides.inApp.redirect.url']);
      expect(await kit.triggers.count()).toBe(0);
    });

    it.each(['Sender', 'Return-Path', 'From', 'X-Herald-Delivery-Key'])(
      'refuses the override header %s',
      async (header) => {
        const response = await kit.send('/v1/events/trigger', {
          name: 'hygiene',
          to: 'ada',
          overrides: { email: { headers: { 'X-Campaign': 'spring', [header]: 'forged@example.com' } } },
        });
        expect(response.status).toBe(422);
        expect(fieldsOf(response.body)).toEqual([`overrides.email.headers.${header}`]);
        expect(await kit.triggers.count()).toBe(0);
      },
    );
  });

  describe('control and bidi characters in ids', () => {
    it.each([
      ['subscriberId (bare)', { to: `ada${RLO}` }, 'to.subscriberId'],
      ['subscriberId (object)', { to: [{ subscriberId: `ada${RLO}` }] }, 'to[0].subscriberId'],
      ['transactionId', { to: 'ada', transactionId: `tx${RLO}gnp` }, 'transactionId'],
      ['topic key', { to: { type: 'Topic', topicKey: `t${RLO}` } }, 'to.topicKey'],
      ['tenant', { to: 'ada', tenant: `acme\u200f` }, 'tenant'],
      [
        'attachment name',
        { to: 'ada', payload: { attachments: [{ file: 'aGk=', name: `invoice${RLO}fdp.exe`, mime: 'text/plain' }] } },
        'payload.attachments[0].name',
      ],
    ])('refuses U+202E-like characters in a trigger %s', async (_case, fields, field) => {
      const response = await kit.send('/v1/events/trigger', { name: 'hygiene', ...fields });
      expect(response.status).toBe(422);
      expect(fieldsOf(response.body)).toEqual([field]);
      expect(JSON.stringify(response.body.errors[field].messages)).toMatch(/control characters or bidirectional/);
    });

    it('refuses them in ids of control-plane bodies', async () => {
      const subscriber = await kit.send('/v2/subscribers', { subscriberId: `ada${RLO}` });
      expect([subscriber.status, fieldsOf(subscriber.body)]).toEqual([422, ['subscriberId']]);
      const workflow = await kit.send('/v2/workflows', {
        name: 'w',
        workflowId: `w${RLO}`,
        steps: inbox({ body: 'x' }),
      });
      expect([workflow.status, fieldsOf(workflow.body)]).toEqual([422, ['workflowId']]);
      const tenant = await kit.send('/v1/tenants', { identifier: `acme\u2066`, name: 'Acme' });
      expect([tenant.status, fieldsOf(tenant.body)]).toEqual([422, ['identifier']]);
      const topic = await kit.send('/v2/topics', { key: `news\u0085`, name: 'News' });
      expect([topic.status, fieldsOf(topic.body)]).toEqual([422, ['key']]);
    });

    it('refuses them in path parameters, storing nothing', async () => {
      const response = await kit.send(`/v2/subscribers/ada%E2%80%AE`, { firstName: 'Ada' }, { method: 'PATCH' });
      expect(response.status).toBe(422);
      expect(fieldsOf(response.body)).toEqual(['params.subscriberId']);
    });

    it('still accepts ordinary Unicode ids and the trigger goes through', async () => {
      const response = await kit.send('/v1/events/trigger', {
        name: 'hygiene',
        to: 'Ünïcödé_名前',
        transactionId: 'tx-שלום',
      });
      expect(response.status).toBe(201);
      expect(await kit.triggers.count()).toBe(1);
    });
  });
});
