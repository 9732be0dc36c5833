import { Novu } from '@novu/api';
import { ValidationErrorDto } from '@novu/api/models/errors';

import { GatewayTestApp, startGatewayTestApp } from '../support/gateway-test-app';
import { novuClient } from './http-client';

describe('/v1/integrations through the Novu SDK', () => {
  let gateway: GatewayTestApp;
  let novu: Novu;

  beforeAll(async () => {
    gateway = await startGatewayTestApp();
    novu = novuClient(gateway.baseUrl, gateway.environment.apiKey);
  });
  afterAll(() => gateway.close());

  it('creates, lists, updates, promotes and deletes with the SDK parsing every response', async () => {
    const mailgun = await novu.integrations.create({
      providerId: 'mailgun',
      channel: 'email',
      name: 'Mailgun',
      credentials: { apiKey: 'key-0123456789abcdef', domain: 'mg.example.com', from: 'a@example.com' },
      active: true,
    });
    expect(mailgun.result).toMatchObject({
      providerId: 'mailgun',
      channel: 'email',
      primary: true,
      active: true,
      deleted: false,
    });
    expect(mailgun.result.credentials).toEqual({
      apiKey: '********cdef',
      domain: 'mg.example.com',
      from: 'a@example.com',
    });
    const smtp = await novu.integrations.create({
      providerId: 'nodemailer',
      channel: 'email',
      credentials: { host: 'smtp', port: '25', secure: false },
    });
    expect(smtp.result.primary).toBe(false);

    expect((await novu.integrations.list()).result.map((integration) => integration.id)).toEqual([
      mailgun.result.id,
      smtp.result.id,
    ]);
    const updated = await novu.integrations.update({ name: 'SMTP relay', active: true }, smtp.result.id as string);
    expect(updated.result.name).toBe('SMTP relay');
    const promoted = await novu.integrations.setAsPrimary(smtp.result.id as string);
    expect(promoted.result.primary).toBe(true);
    expect((await novu.integrations.listActive()).result.filter((integration) => integration.primary)).toHaveLength(1);
    const remaining = await novu.integrations.delete(mailgun.result.id as string);
    expect(remaining.result.map((integration) => integration.id)).toEqual([smtp.result.id]);
  });

  it('surfaces an unknown provider as a ValidationErrorDto', async () => {
    await expect(novu.integrations.create({ providerId: 'carrier-pigeon', channel: 'sms' })).rejects.toBeInstanceOf(
      ValidationErrorDto,
    );
  });
});
