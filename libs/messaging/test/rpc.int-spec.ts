import { ATTACHMENT_RPC_SERVICE, ATTACHMENTS_CONFIRM_V1, createEnvelope, RpcError } from '@herald/contracts';
import { expectEventually, testServiceUrls, uniqueTestPrefix } from '@herald/testing';
import { z } from 'zod';

import { Messaging, type RpcContracts, RpcTimeoutError, UnroutableMessageError } from '../src';
import { BrokerProbe, memoryLogger } from './support/broker-test-kit';

// The integration project's testTimeout is not applied per project; say it here.
jest.setTimeout(60_000);

const calculator = {
  'calculator.sum.v1': {
    service: 'calculator',
    request: z.object({ numbers: z.array(z.number()) }),
    response: z.number(),
  },
  'calculator.scoped-sum.v1': {
    service: 'calculator',
    request: z.object({ environmentId: z.string(), numbers: z.array(z.number()) }),
    response: z.number(),
  },
  'calculator.divide.v1': { service: 'calculator', request: z.object({}), response: z.number() },
  'calculator.crash.v1': { service: 'calculator', request: z.object({}), response: z.number() },
  'calculator.slow.v1': { service: 'calculator', request: z.object({}), response: z.string() },
} satisfies RpcContracts;

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
      .rpcServer({ service: 'calculator', contracts: calculator })
      .serve('calculator.sum.v1', async ({ numbers }) => numbers.reduce((total, n) => total + n, 0))
      .serve('calculator.divide.v1', async () => {
        throw new RpcError('division_by_zero', 'division by zero');
      })
      .serve('calculator.crash.v1', async () => {
        throw Object.assign(new Error('relation "x" does not exist'), { code: '42P01' });
      })
      .serve('calculator.scoped-sum.v1', async ({ numbers }) => numbers.length)
      .serve('calculator.slow.v1', () => new Promise<string>((resolve) => (releaseSlow = () => resolve('late'))))
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
    const result = await client.rpc.call(
      'calculator',
      createEnvelope('calculator.sum.v1', 'env_test', { numbers: [1, 2, 39] }),
      { responseSchema: z.number() },
    );
    expect(result).toBe(42);
    const many = await Promise.all(
      Array.from({ length: 50 }, (_, n) =>
        client.rpc.call<number>('calculator', createEnvelope('calculator.sum.v1', 'env_test', { numbers: [n, 1] })),
      ),
    );
    expect(many).toEqual(Array.from({ length: 50 }, (_, n) => n + 1));
  });

  it('passes errors back with their code', async () => {
    const failing = client.rpc.call('calculator', createEnvelope('calculator.divide.v1', 'env_test', {}));
    await expect(failing).rejects.toBeInstanceOf(RpcError);
    await expect(failing).rejects.toMatchObject({
      code: 'division_by_zero',
      message: 'division by zero',
      method: 'calculator.divide.v1',
    });
    const crash = client.rpc.call('calculator', createEnvelope('calculator.crash.v1', 'env_test', {}));
    await expect(crash).rejects.toMatchObject({ code: 'internal_error', message: 'relation "x" does not exist' });
    await expect(
      client.rpc.call('calculator', createEnvelope('calculator.sum.v1', 'env_test', { numbers: 'x' })),
    ).rejects.toMatchObject({
      code: 'invalid_request',
      fieldErrors: { numbers: ['Expected array, received string'] },
    });
    await expect(
      client.rpc.call('calculator', createEnvelope('calculator.unknown.v1', 'env_test', {})),
    ).rejects.toMatchObject({ code: 'unknown_method' });
    await expect(
      client.rpc.call('calculator', createEnvelope('calculator.sum.v1', 'env_test', { numbers: [1] }), {
        responseSchema: z.string(),
      }),
    ).rejects.toMatchObject({ code: 'invalid_reply' });
  });

  it('refuses a request whose data names another environment than the request, before the handler', async () => {
    const foreign = createEnvelope('calculator.scoped-sum.v1', 'env_test', {
      environmentId: 'env_other',
      numbers: [1],
    });
    await expect(client.rpc.call('calculator', foreign)).rejects.toMatchObject({
      code: 'invalid_request',
      message: expect.stringContaining('data.environmentId: does not match the envelope environmentId'),
      fieldErrors: { environmentId: ['does not match the envelope environmentId'] },
    });
    await expect(
      client.rpc.call(
        'calculator',
        createEnvelope('calculator.scoped-sum.v1', 'env_test', { environmentId: 'env_test', numbers: [1] }),
      ),
    ).resolves.toBe(1);
  });

  it('times out with RpcTimeoutError when no reply comes in time, and keeps working afterwards', async () => {
    const slow = client.rpc.call('calculator', createEnvelope('calculator.slow.v1', 'env_test', {}), {
      timeoutMs: 300,
    });
    await expect(slow).rejects.toBeInstanceOf(RpcTimeoutError);
    await expect(slow).rejects.toThrow(
      `RPC calculator.slow.v1 to ${namePrefix}.calculator.rpc got no reply within 300 ms`,
    );
    releaseSlow(); // the late reply is dropped quietly
    await expect(
      client.rpc.call('calculator', createEnvelope('calculator.sum.v1', 'env_test', { numbers: [2, 2] })),
    ).resolves.toBe(4);
  });

  it('rejects at once when no server queue exists for the service', async () => {
    await expect(
      client.rpc.call('nobody-home', createEnvelope('nobody.ping.v1', 'env_test', {}), { timeoutMs: 5_000 }),
    ).rejects.toBeInstanceOf(UnroutableMessageError);
  });

  it('reports readiness from both sides', async () => {
    await expectEventually(() => expect(server.isReady() && client.isReady()).toBe(true));
    await expect(client.ping()).resolves.toBeUndefined();
  });

  it('serves a registry method only on its service, validating requests with the registry schema (serve)', async () => {
    const service = ATTACHMENT_RPC_SERVICE;
    const unknown = 'calculator.sum.v1' as typeof ATTACHMENTS_CONFIRM_V1;
    const confirmNothing = async () => ({ attachments: [] });
    const elsewhere = () => server.rpcServer({ service: 'calculator-2' });
    const notInContracts = 'RPC method calculator.sum.v1 is not in the RPC contracts';
    expect(() => elsewhere().serve(unknown, confirmNothing)).toThrow(notInContracts);
    expect(() => elsewhere().serve(ATTACHMENTS_CONFIRM_V1, confirmNothing)).toThrow(
      `RPC method ${ATTACHMENTS_CONFIRM_V1} is served by ${service}, not by calculator-2`,
    );

    const served = server.rpcServer({ service }).serve(ATTACHMENTS_CONFIRM_V1, confirmNothing).start();
    try {
      await expectEventually(() => expect(served.isReady).toBe(true));
      await expect(
        client.rpc.call(service, createEnvelope(ATTACHMENTS_CONFIRM_V1, 'env_test', { transactionId: 42 })),
      ).rejects.toMatchObject({ code: 'invalid_request' });
    } finally {
      await served.stop();
      await probe.deleteAll([server.names.rpcQueue(service)], []);
    }
  });
});
