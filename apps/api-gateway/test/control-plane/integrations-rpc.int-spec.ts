import { randomBytes, randomUUID } from 'node:crypto';

import {
  createEnvelope,
  INTEGRATION_CHANGED_V1,
  INTEGRATIONS_LIST_FOR_RUNNER_V1,
  INTEGRATIONS_LIST_FOR_RUNNER_V2,
  RunnerCredentialsSeal,
  type RunnerIntegration,
  type SealedRunnerIntegration,
} from '@herald/contracts';
import { encodeEnvelope, Messaging } from '@herald/messaging';
import { expectEventually, testServiceUrls, uniqueTestPrefix } from '@herald/testing';
import { Channel, ChannelModel, connect } from 'amqplib';

import { IntegrationRepository } from '../../src/features/integrations/integration.repository';
import { IntegrationService } from '../../src/features/integrations/integration.service';
import { IntegrationChangePublisher } from '../../src/features/integrations/integration-change.publisher';
import { GATEWAY_RPC_SERVICE, IntegrationsRpcServer } from '../../src/features/integrations/integrations-rpc.server';
import { GatewayTestApp, startGatewayTestApp } from '../support/gateway-test-app';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
const SECRET = `tw-secret-${randomUUID()}`;

/**
 * The runner-facing side of integrations over the real broker: the RPC methods and the change
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
  let runnerSeal: RunnerCredentialsSeal;
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
    new IntegrationsRpcServer(service, gateway.config, server).start(server);
    runnerSeal = new RunnerCredentialsSeal(gateway.config.RUNNER_CREDENTIALS_KEY);
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

  const call = <R>(method: string, environmentId: string, channelName: string, envelopeEnvironment = environmentId) =>
    runner.rpc.call<R>(
      GATEWAY_RPC_SERVICE,
      createEnvelope(method, envelopeEnvironment, { environmentId, channel: channelName }),
    );
  const listForRunner = (environmentId: string, channelName: string, envelopeEnvironment = environmentId) =>
    call<SealedRunnerIntegration[]>(INTEGRATIONS_LIST_FOR_RUNNER_V2, environmentId, channelName, envelopeEnvironment);

  /** The reply body exactly as any client allowed to read it gets it off the broker (direct reply-to). */
  async function rawReply(method: string, environmentId: string, channelName: string): Promise<string> {
    const replies = await connection.createChannel();
    try {
      const body = new Promise<string>((resolve) => {
        void replies.consume('amq.rabbitmq.reply-to', (message) => message && resolve(message.content.toString()), {
          noAck: true,
        });
      });
      const { content, properties } = encodeEnvelope(
        createEnvelope(method, environmentId, { environmentId, channel: channelName }),
      );
      const queue = server.names.rpcQueue(GATEWAY_RPC_SERVICE);
      replies.publish('', queue, content, { ...properties, replyTo: 'amq.rabbitmq.reply-to', correlationId: 'raw' });
      return await body;
    } finally {
      await replies.close();
    }
  }

  async function createSmsIntegrations(environmentId: string) {
    const backup = await service.create(environmentId, {
      providerId: 'twilio',
      credentials: { accountSid: 'AC1', token: SECRET },
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
    return { backup, primary };
  }

  it('answers list-for-runner.v2 with credentials sealed: the raw reply off the broker holds no credential value', async () => {
    const environment = await gateway.createEnvironment('Sealed');
    const { environmentId } = environment;
    const { backup, primary } = await createSmsIntegrations(environmentId);

    const raw = await rawReply(INTEGRATIONS_LIST_FOR_RUNNER_V2, environmentId, 'sms');
    expect(raw).toContain(backup.id);
    expect(raw).not.toContain(SECRET);
    expect(raw).not.toContain('hooks.example');
    expect(raw).not.toContain('"credentials"');

    const integrations = await listForRunner(environmentId, 'sms');
    expect(integrations.map((integration) => [integration.id, integration.primary])).toEqual([
      [primary.id, true],
      [backup.id, false],
    ]);
    expect(integrations[1].sealedCredentials.keyId).toBe(runnerSeal.currentKeyId);
    const opened = runnerSeal.open(integrations[1].sealedCredentials, {
      environmentId,
      integrationId: backup.id,
      channel: 'sms',
    });
    expect(opened).toEqual({ accountSid: 'AC1', token: SECRET });
    expect(await listForRunner(environmentId, 'push')).toEqual([]);
  });

  it('binds each seal to its environment, integration and channel, and to the runner key', async () => {
    const environment = await gateway.createEnvironment('Bound');
    const other = await gateway.createEnvironment('Bound elsewhere');
    const { backup, primary } = await createSmsIntegrations(environment.environmentId);
    const [, sealed] = await listForRunner(environment.environmentId, 'sms');
    const binding = { environmentId: environment.environmentId, integrationId: backup.id, channel: 'sms' as const };
    for (const moved of [
      { ...binding, environmentId: other.environmentId },
      { ...binding, integrationId: primary.id },
      { ...binding, channel: 'email' as const },
    ]) {
      expect(() => runnerSeal.open(sealed.sealedCredentials, moved)).toThrow(/do not open/);
    }
    expect(() => new RunnerCredentialsSeal(randomBytes(32)).open(sealed.sealedCredentials, binding)).toThrow(
      /not hold/,
    );
    // Not the credentials-at-rest key either.
    expect(() =>
      new RunnerCredentialsSeal(gateway.config.CREDENTIALS_ENCRYPTION_KEY).open(sealed.sealedCredentials, binding),
    ).toThrow(/not hold/);
  });

  it('does not serve the clear v1 unless INTEGRATIONS_RPC_SERVE_CLEAR_V1 is on (a rolling upgrade)', async () => {
    const { environmentId } = await gateway.createEnvironment('Clear v1');
    await createSmsIntegrations(environmentId);
    await expect(call(INTEGRATIONS_LIST_FOR_RUNNER_V1, environmentId, 'sms')).rejects.toMatchObject({
      code: 'unknown_method',
    });
    expect(await rawReply(INTEGRATIONS_LIST_FOR_RUNNER_V1, environmentId, 'sms')).not.toContain(SECRET);

    // Opted in (its own queue prefix: two servers on one queue would answer each other's calls unknown_method).
    const upgradePrefix = uniqueTestPrefix('gw_integrations_v1');
    const upgrading = new Messaging({
      url,
      serviceName: 'api-gateway-test',
      namePrefix: upgradePrefix,
      logger: silent,
    });
    const oldRunner = new Messaging({ url, serviceName: 'runner-test', namePrefix: upgradePrefix, logger: silent });
    try {
      new IntegrationsRpcServer(service, { INTEGRATIONS_RPC_SERVE_CLEAR_V1: true }, upgrading).start(upgrading);
      await Promise.all([upgrading.waitUntilReady(10_000), oldRunner.waitUntilReady(10_000)]);
      const clear = await oldRunner.rpc.call<RunnerIntegration[]>(
        GATEWAY_RPC_SERVICE,
        createEnvelope(INTEGRATIONS_LIST_FOR_RUNNER_V1, environmentId, { environmentId, channel: 'sms' }),
      );
      expect(clear[1].credentials).toEqual({ accountSid: 'AC1', token: SECRET });
    } finally {
      await Promise.all([oldRunner.stop(), upgrading.stop()]);
      await channel.deleteQueue(upgrading.names.rpcQueue(GATEWAY_RPC_SERVICE));
      await channel.deleteExchange(upgrading.names.exchange);
    }
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
