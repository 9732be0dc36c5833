import { rpcContractRegistry } from '../registry/rpc-contract.registry';
import {
  INTEGRATION_SEND_TEST_V1,
  INTEGRATION_TEST_RPC_SERVICES,
  integrationSendTestMethod,
  integrationSendTestRequestSchema,
  integrationSendTestResponseSchema,
  isTestableChannel,
  TESTABLE_CHANNELS,
} from './integration-test-rpc.contract';

describe('integration send-test RPC', () => {
  it('has one versioned method per provider channel, served by that channel runner', () => {
    for (const channel of TESTABLE_CHANNELS) {
      const method = integrationSendTestMethod(channel);
      expect(method).toBe(`integration.send-test.${channel}.v1`);
      expect(rpcContractRegistry[method].service).toBe(INTEGRATION_TEST_RPC_SERVICES[channel]);
    }
    expect(Object.keys(INTEGRATION_SEND_TEST_V1).sort()).toEqual(['chat', 'email', 'push', 'sms']);
  });

  it('has nothing to test for in-app', () => {
    expect(isTestableChannel('in_app')).toBe(false);
    expect(isTestableChannel('email')).toBe(true);
  });

  it('requires the environment and the integration, and bounds the text', () => {
    expect(integrationSendTestRequestSchema.safeParse({ environmentId: 'env', integrationId: 'i' }).success).toBe(true);
    expect(integrationSendTestRequestSchema.safeParse({ environmentId: 'env' }).success).toBe(false);
    const long = { environmentId: 'env', integrationId: 'i', subject: 'x'.repeat(201) };
    expect(integrationSendTestRequestSchema.safeParse(long).success).toBe(false);
  });

  it('answers success or the failure, never both shapes loosely', () => {
    const ok = {
      ok: true,
      providerId: 'nodemailer',
      integrationIdentifier: 'smtp',
      recipient: 'ada@example.com',
      providerMessageId: '<id@example.com>',
      error: null,
      durationMs: 12,
    };
    expect(integrationSendTestResponseSchema.parse(ok)).toEqual(ok);
    expect(integrationSendTestResponseSchema.safeParse({ ...ok, durationMs: -1 }).success).toBe(false);
    const { error: _error, ...withoutError } = ok;
    expect(integrationSendTestResponseSchema.safeParse(withoutError).success).toBe(false);
  });
});
