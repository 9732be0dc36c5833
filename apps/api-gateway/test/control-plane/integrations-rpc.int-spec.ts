import { createEnvelope } from '@herald/contracts';
import { INTEGRATION_CHANGED_V1, INTEGRATIONS_LIST_FOR_RUNNER_V1 } from '@herald/contracts';
import { Messaging } from '@herald/messaging';
import { expectEventually, testServiceUrls, uniqueTestPrefix } from '@herald/testing';
import { Channel, ChannelModel, connect } from 'amqplib';

import { IntegrationRepository } from '../../src/features/integrations/integration.repository';
import { IntegrationService, RunnerIntegration } from '../../src/features/integrations/integration.service';
import { IntegrationChangePublisher } from '../../src/features/integrations/integration-change.publisher';
import { GATEWAY_RPC_SERVICE, IntegrationsRpcServer } from '../../src/features/integrations/integrations-rpc.server';
import { GatewayTestApp, startGatewayTestApp } from '../support/gateway-test-app';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * The runner-facing side of integrations over the real broker: the RPC method and the change
 * events. Wired by hand onto the booted gateway's service, so it does not depend on whether the
 * app module wires messaging yet.
 */
describe('integrations over the broker', () => {
  const url = testServiceUrls().amqpUrl;
  const namePrefix = uniqueTestPrefix('gw_integrations');
  let gateway: GatewayTestApp;
  let server: Messaging;
  let runner: Messaging;
  let service: IntegrationService;
  let connection: ChannelModel;
  let channel: Channel;
  const events: unknown[] = [];

  beforeAll(async () => {
    gateway = await startGatewayTestApp();
    server = new Messaging({ url, serviceName: 'api-gateway-test', namePrefix, logger: silent });
    runner = new Messaging({ url, serviceName: 'runner-test', namePrefix, logger: silent });
    service = new IntegrationService(
      gateway.app.get(IntegrationRepository),
      gateway.config,
      new IntegrationChangePublisher(server.publisher),
    );
    new IntegrationsRpcServer(service, server).start(server);
    await Promise.all([server.waitUntilReady(10_000), runner.waitUntilReady(10_000)]);
    connection = await connect(url);
    channel = await connection.createChannel();
    const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
    await channel.bindQueue(queue, server.names.exchange, INTEGRATION_CHANGED_V1);
    await channel.consume(queue, (message) => message && events.push(JSON.parse(message.content.toString('utf8'))), {
      noAck: true,
    });
  });

  afterAll(async () => {
    await Promise.all([runner.stop(), server.stop()]);
    await channel.deleteQueue(server.names.rpcQueue(GATEWAY_RPC_SERVICE));
    await channel.deleteExchange(server.names.exchange);
    await connection.close();
    await gateway.close();
  });

  const listForRunner = (environmentId: string, channelName: string, envelopeEnvironment = environmentId) =>
    runner.rpc.call<RunnerIntegration[]>(
      GATEWAY_RPC_SERVICE,
      createEnvelope(INTEGRATIONS_LIST_FOR_RUNNER_V1, envelopeEnvironment, { environmentId, channel: channelName }),
    );

  it('answers list-for-runner with decrypted credentials, primary first then priority', async () => {
    const { environmentId } = gateway.environment;
    const backup = await service.create(environmentId, {
      providerId: 'twilio',
      credentials: { accountSid: 'AC1', token: 'tw-secret' },
      active: true,
      priority: 9,
      conditions: [],
    });
    const primary = await service.create(environmentId, {
      providerId: 'sms-webhook',
      credentials: { webhookUrl: 'https://hooks.example/sms' },
      active: true,
      primary: true,
      priority: 0,
      conditions: [],
    });
    const integrations = await listForRunner(environmentId, 'sms');
    expect(integrations.map((integration) => [integration.id, integration.primary])).toEqual([
      [primary.id, true],
      [backup.id, false],
    ]);
    expect(integrations[1].credentials).toEqual({ accountSid: 'AC1', token: 'tw-secret' });
    expect(await listForRunner(environmentId, 'push')).toEqual([]);
  });

  it('refuses a request whose data names another environment than its envelope, and a bad channel', async () => {
    const other = await gateway.createEnvironment('Other');
    await expect(listForRunner(gateway.environment.environmentId, 'sms', other.environmentId)).rejects.toMatchObject({
      code: 'invalid_request',
    });
    await expect(listForRunner(gateway.environment.environmentId, 'fax')).rejects.toMatchObject({
      code: 'invalid_request',
    });
  });

  it('publishes integration.changed.v1 on create, update and delete, without credentials', async () => {
    const { environmentId } = gateway.environment;
    const created = await service.create(environmentId, {
      providerId: 'slack',
      credentials: { webhookUrl: 'https://hooks.slack.example/secret' },
      active: true,
      conditions: [],
    });
    await service.update(environmentId, created.id, { name: 'Renamed' });
    await service.delete(environmentId, created.id);
    await expectEventually(() => {
      const mine = events.filter(
        (event) => (event as { data: { integrationId: string } }).data.integrationId === created.id,
      );
      expect(mine.map((event) => (event as { data: { change: string } }).data.change)).toEqual([
        'created',
        'updated',
        'deleted',
      ]);
      expect(mine[0]).toMatchObject({ type: INTEGRATION_CHANGED_V1, environmentId, data: { channel: 'chat' } });
    });
    expect(JSON.stringify(events)).not.toContain('hooks.slack.example');
  });
});
