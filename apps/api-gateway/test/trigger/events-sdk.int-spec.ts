import { Novu } from '@novu/api';
import { PayloadValidationExceptionDto, ValidationErrorDto } from '@novu/api/models/errors';

import { startTriggerTestKit, TriggerTestKit } from './support/trigger-test-kit';

describe('trigger routes through the Novu SDK', () => {
  let kit: TriggerTestKit;
  let novu: Novu;

  beforeAll(async () => {
    kit = await startTriggerTestKit();
    // No retries: a failure must fail the test now, not in an hour.
    novu = new Novu({
      secretKey: kit.gateway.environment.apiKey,
      serverURL: kit.gateway.baseUrl,
      retryConfig: { strategy: 'none' },
    });
    await kit.createWorkflow('sdk-welcome', {
      validatePayload: true,
      payloadSchema: { type: 'object', properties: { count: { type: 'integer' } } },
    });
  });
  beforeEach(() => kit.triggers.drain());
  afterAll(() => kit.close());

  it('triggers, with the SDK parsing the response', async () => {
    const response = await novu.trigger({
      workflowId: 'sdk-welcome',
      to: [{ subscriberId: 'ada', email: 'ada@example.com' }, 'grace', { type: 'Topic', topicKey: 'team' }],
      payload: { count: 1 },
      actor: 'boss',
      context: { key: 'org-acme' },
    });
    expect(response.result).toMatchObject({
      acknowledged: true,
      status: 'processed',
      transactionId: expect.any(String),
    });
    const [message] = await kit.triggers.drain();
    expect(message.data.to).toHaveLength(3);
    expect(message.data.idempotencyKey).toEqual(expect.any(String)); // the SDK sends one on every call
  });

  it('replays an SDK retry with the same idempotency key', async () => {
    const first = await novu.trigger({ workflowId: 'sdk-welcome', to: 'ada' }, 'sdk-key-1');
    const second = await novu.trigger({ workflowId: 'sdk-welcome', to: 'ada' }, 'sdk-key-1');
    expect(second.result).toEqual(first.result);
    expect(await kit.triggers.count()).toBe(1);
  });

  it('triggers in bulk and broadcasts', async () => {
    const bulk = await novu.triggerBulk({
      events: [
        { workflowId: 'sdk-welcome', to: 'a' },
        { workflowId: 'unknown', to: 'b' },
      ],
    });
    expect(bulk.result.map((result) => result.status)).toEqual(['processed', 'error']);
    const broadcast = await novu.triggerBroadcast({ name: 'sdk-welcome', payload: {} });
    expect(broadcast.result.status).toBe('processed');
    expect(await kit.triggers.count()).toBe(2);
  });

  it('surfaces 422 and 400 as the SDK’s typed errors', async () => {
    const unknown = await novu.trigger({ workflowId: 'unknown', to: 'ada' }).catch((error: unknown) => error);
    expect(unknown).toBeInstanceOf(ValidationErrorDto);
    expect((unknown as ValidationErrorDto).errors.name.value).toBe('unknown');
    const invalid = await novu
      .trigger({ workflowId: 'sdk-welcome', to: 'ada', payload: { count: 1.5 } })
      .catch((error: unknown) => error);
    expect(invalid).toBeInstanceOf(PayloadValidationExceptionDto);
    expect((invalid as PayloadValidationExceptionDto).errors).toEqual([
      expect.objectContaining({ field: 'payload.count', message: 'must be integer' }),
    ]);
    expect(await kit.triggers.count()).toBe(0);
  });
});
