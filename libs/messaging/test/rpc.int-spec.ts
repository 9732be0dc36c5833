import { ATTACHMENT_RPC_SERVICE, ATTACHMENTS_CONFIRM_V1, createEnvelope } from '@herald/contracts';
import { expectEventually, testServiceUrls, uniqueTestPrefix } from '@herald/testing';
import { z } from 'zod';
import { Messaging, RpcRemoteError, RpcTimeoutError, UnroutableMessageError } from '../src';
import { BrokerProbe, memoryLogger } from './support/broker-test-kit';

// The integration project's testTimeout is not applied per project; say it here.
jest.setTimeout(60_000);

const sumRequest = z.object({ numbers: z.array(z.number()) });

describe('RPC over direct reply-to', () => {
  const url = testServiceUrls().amqpUrl;
  const namePrefix = uniqueTestPrefix('msg_rpc');
  const server = new Messaging({ url, serviceName: 'rpc-server-test', namePrefix, logger: memoryLogger() });
  const client = new Messaging({ url, serviceName: 'rpc-client-test', namePrefix, logger: memoryLogger() });
  let releaseSlow: () => void = () => undefined;
  let probe: BrokerProbe;

  beforeAll(async () => {
    probe = await BrokerProbe.connect(url);
    server
      .rpcServer({ service: 'calculator' })
      .handle('calculator.sum.v1', async (request) => request.data.numbers.reduce((total, n) => total + n, 0), sumRequest)
      .handle('calculator.divide.v1', async () => {
        throw Object.assign(new Error('division by zero'), { code: 'division_by_zero' });
      })
      .handle('calculator.slow.v1', () => new Promise<string>((resolve) => (releaseSlow = () => resolve('late'))))
      .start();
    await Promise.all([server.waitUntilReady(10_000), client.waitUntilReady(10_000)]);
  });

  afterAll(async () => {
    releaseSlow();
    await Promise.all([client.stop(), server.stop()]);
    await probe.deleteAll([server.names.rpcQueue('calculator')], [server.names.exchange]);
    await probe.close();
  });

  it('returns the handler result, validated against the response schema', async () => {
    const result = await client.rpc.call('calculator', createEnvelope('calculator.sum.v1', 'env_test', { numbers: [1, 2, 39] }), { responseSchema: z.number() });
    expect(result).toBe(42);
    const many = await Promise.all(Array.from({ length: 50 }, (_, n) => client.rpc.call<number>('calculator', createEnvelope('calculator.sum.v1', 'env_test', { numbers: [n, 1] }))));
    expect(many).toEqual(Array.from({ length: 50 }, (_, n) => n + 1));
  });

  it('passes errors back with their code', async () => {
    const failing = client.rpc.call('calculator', createEnvelope('calculator.divide.v1', 'env_test', {}));
    await expect(failing).rejects.toBeInstanceOf(RpcRemoteError);
    await expect(failing).rejects.toMatchObject({ remoteCode: 'division_by_zero', message: 'RPC calculator.divide.v1 failed: division by zero' });
    await expect(client.rpc.call('calculator', createEnvelope('calculator.sum.v1', 'env_test', { numbers: 'x' }))).rejects.toMatchObject({ remoteCode: 'invalid_request' });
    await expect(client.rpc.call('calculator', createEnvelope('calculator.unknown.v1', 'env_test', {}))).rejects.toMatchObject({ remoteCode: 'unknown_method' });
    await expect(client.rpc.call('calculator', createEnvelope('calculator.sum.v1', 'env_test', { numbers: [1] }), { responseSchema: z.string() })).rejects.toMatchObject({ remoteCode: 'invalid_reply' });
  });

  it('times out with RpcTimeoutError when no reply comes in time, and keeps working afterwards', async () => {
    const slow = client.rpc.call('calculator', createEnvelope('calculator.slow.v1', 'env_test', {}), { timeoutMs: 300 });
    await expect(slow).rejects.toBeInstanceOf(RpcTimeoutError);
    await expect(slow).rejects.toThrow(`RPC calculator.slow.v1 to ${namePrefix}.calculator.rpc got no reply within 300 ms`);
    releaseSlow(); // the late reply is dropped quietly
    await expect(client.rpc.call('calculator', createEnvelope('calculator.sum.v1', 'env_test', { numbers: [2, 2] }))).resolves.toBe(4);
  });

  it('rejects at once when no server queue exists for the service', async () => {
    await expect(client.rpc.call('nobody-home', createEnvelope('nobody.ping.v1', 'env_test', {}), { timeoutMs: 5_000 })).rejects.toBeInstanceOf(UnroutableMessageError);
  });

  it('reports readiness from both sides', async () => {
    await expectEventually(() => expect(server.isReady() && client.isReady()).toBe(true));
    await expect(client.ping()).resolves.toBeUndefined();
  });

  it('serves a registry method only on its service, validating requests with the registry schema (handleContract)', async () => {
    const service = ATTACHMENT_RPC_SERVICE;
    expect(() => server.rpcServer({ service: 'calculator-2' }).handleContract('calculator.sum.v1', async () => 0)).toThrow('RPC method calculator.sum.v1 is not in rpcContractRegistry');
    expect(() => server.rpcServer({ service: 'calculator-2' }).handleContract(ATTACHMENTS_CONFIRM_V1, async () => 0)).toThrow(`RPC method ${ATTACHMENTS_CONFIRM_V1} is served by ${service}, not by calculator-2`);

    const served = server.rpcServer({ service }).handleContract(ATTACHMENTS_CONFIRM_V1, async () => ({ confirmed: 0 })).start();
    try {
      await expectEventually(() => expect(served.isReady).toBe(true));
      await expect(client.rpc.call(service, createEnvelope(ATTACHMENTS_CONFIRM_V1, 'env_test', { transactionId: 42 }))).rejects.toMatchObject({ remoteCode: 'invalid_request' });
    } finally {
      await served.stop();
      await probe.deleteAll([server.names.rpcQueue(service)], []);
    }
  });
});
