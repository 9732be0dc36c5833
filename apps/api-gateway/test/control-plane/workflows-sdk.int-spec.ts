import { Novu } from '@novu/api';
import { ErrorDto, ValidationErrorDto } from '@novu/api/models/errors';

import { GatewayTestApp, startGatewayTestApp } from '../support/gateway-test-app';
import { novuClient } from './http-client';

describe('/v2/workflows through the Novu SDK', () => {
  let gateway: GatewayTestApp;
  let novu: Novu;

  beforeAll(async () => {
    gateway = await startGatewayTestApp();
    novu = novuClient(gateway.baseUrl, gateway.environment.apiKey);
  });
  afterAll(() => gateway.close());

  const createDto = (workflowId: string) => ({
    name: 'Order shipped',
    workflowId,
    active: true,
    tags: ['orders'],
    payloadSchema: { type: 'object', properties: { orderId: { type: 'string' } } },
    preferences: {
      workflow: {
        all: { enabled: true, readOnly: false },
        channels: { email: { enabled: true }, sms: { enabled: false } },
      },
    },
    steps: [
      {
        name: 'In app',
        type: 'in_app' as const,
        controlValues: {
          body: 'Order {{payload.orderId}} shipped',
          primaryAction: { label: 'Track', redirect: { url: '/t' } },
        },
      },
      {
        name: 'Delay',
        type: 'delay' as const,
        controlValues: { type: 'regular' as const, amount: 1, unit: 'hours' as const },
      },
      {
        name: 'Digest',
        type: 'digest' as const,
        controlValues: { amount: 5, unit: 'minutes' as const, lookBackWindow: { amount: 1, unit: 'minutes' as const } },
      },
      {
        name: 'Email',
        type: 'email' as const,
        controlValues: { subject: 'Shipped', body: '<p>On its way</p>', editorType: 'html' as const },
      },
      { name: 'SMS', type: 'sms' as const, controlValues: { body: 'shipped' } },
      { name: 'Push', type: 'push' as const, controlValues: { subject: 'Shipped', body: 'b' } },
      { name: 'Chat', type: 'chat' as const, controlValues: { body: 'c' } },
    ],
  });

  it('creates, reads, lists, updates, patches and deletes with the SDK parsing every response', async () => {
    const created = await novu.workflows.create(createDto('order-shipped'));
    expect(created.result).toMatchObject({
      workflowId: 'order-shipped',
      name: 'Order shipped',
      active: true,
      status: 'ACTIVE',
      origin: 'novu-cloud',
      severity: 'none',
    });
    expect(created.result.steps.map((step) => step.type)).toEqual([
      'in_app',
      'delay',
      'digest',
      'email',
      'sms',
      'push',
      'chat',
    ]);
    expect(created.result.preferences.default.channels).toMatchObject({ sms: { enabled: false } });

    const fetched = await novu.workflows.get('order-shipped');
    expect(fetched.result.id).toBe(created.result.id);
    expect(fetched.result.steps[3]).toMatchObject({ stepId: 'email', controlValues: { subject: 'Shipped' } });

    const listed = await novu.workflows.list({ limit: 10, offset: 0 });
    expect(listed.result.totalCount).toBe(1);
    expect(listed.result.workflows[0]).toMatchObject({
      id: created.result.id,
      workflowId: 'order-shipped',
      stepTypeOverviews: expect.arrayContaining(['email']),
    });

    const updated = await novu.workflows.update(
      { name: 'Order shipped v2', steps: createDto('x').steps.slice(3), preferences: {}, active: true },
      'order-shipped',
    );
    expect(updated.result).toMatchObject({ name: 'Order shipped v2' });
    expect(updated.result.steps).toHaveLength(4);

    const patched = await novu.workflows.patch({ active: false }, 'order-shipped');
    expect(patched.result).toMatchObject({ active: false, status: 'INACTIVE' });

    await novu.workflows.delete('order-shipped');
    await expect(novu.workflows.get('order-shipped')).rejects.toBeInstanceOf(ErrorDto);
  });

  it('surfaces a bad step control as the SDK’s ValidationErrorDto naming the field', async () => {
    const dto = createDto('bad-delay');
    dto.steps[1] = { name: 'Delay', type: 'delay', controlValues: { type: 'regular', amount: -1, unit: 'hours' } };
    const error = await novu.workflows.create(dto).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ValidationErrorDto);
    expect(Object.keys((error as ValidationErrorDto).errors)).toEqual(['steps[1].controlValues.amount']);
    expect((error as ValidationErrorDto).statusCode).toBe(422);
  });

  it('refuses a taken workflowId with a 422 the SDK does not retry', async () => {
    await novu.workflows.create(createDto('taken'));
    await expect(novu.workflows.create(createDto('taken'))).rejects.toBeInstanceOf(ValidationErrorDto);
  });
});
