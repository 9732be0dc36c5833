import { z } from 'zod';

import type { DeliveryChannel } from '../common/channel.schema';
import { boundedString, idSchema } from '../common/primitives.schema';

/** The channels whose runners deliver through a provider account, and so can test one. */
export const TESTABLE_CHANNELS = ['email', 'sms', 'push', 'chat'] as const satisfies readonly DeliveryChannel[];
/** One of {@link TESTABLE_CHANNELS} (in-app is Herald's own inbox: there is no provider to test). */
export type TestableChannel = (typeof TESTABLE_CHANNELS)[number];

/** The runner that serves each channel's test on its RPC queue (`<runner>.rpc`). */
export const INTEGRATION_TEST_RPC_SERVICES = {
  email: 'runner-email',
  sms: 'runner-sms',
  push: 'runner-push',
  chat: 'runner-chat',
} as const satisfies Record<TestableChannel, string>;

/**
 * RPC methods, one per channel (each served by that channel's runner): send one test message
 * through one integration of the environment, with the credentials the runner opens from the
 * gateway's sealed answer (`integrations.list-for-runner.v2`), and answer what the provider said.
 * Nothing is recorded: a test is not a job.
 */
export const INTEGRATION_SEND_TEST_V1 = {
  email: 'integration.send-test.email.v1',
  sms: 'integration.send-test.sms.v1',
  push: 'integration.send-test.push.v1',
  chat: 'integration.send-test.chat.v1',
} as const satisfies Record<TestableChannel, string>;
/** One of {@link INTEGRATION_SEND_TEST_V1}'s method names. */
export type IntegrationSendTestMethod = (typeof INTEGRATION_SEND_TEST_V1)[TestableChannel];

/** Request data of every `integration.send-test.<channel>.v1`; `environmentId` equals the envelope's. */
export const integrationSendTestRequestSchema = z.object({
  environmentId: idSchema,
  /** The gateway's id of an active integration of the method's channel. */
  integrationId: idSchema,
  /**
   * Where the test goes: an email address (email), a phone number (sms), a device token (push), a
   * chat incoming-webhook URL (chat; absent: the integration's own webhook). A credential for push
   * and chat: the runner never logs it nor puts it in its answer.
   */
  to: boundedString(4096).optional(),
  /** Text of the message (subject for email and push, body for all); a plain sentence, not a template. */
  subject: boundedString(200).optional(),
  body: boundedString(2000).optional(),
});
export type IntegrationSendTestRequest = z.infer<typeof integrationSendTestRequestSchema>;

/** Error codes a runner answers a test with (as `RpcError.code`). */
export const INTEGRATION_TEST_RPC_ERRORS = {
  /** No active integration with that id in the environment and channel (the runner's view). */
  integrationNotFound: 'integration_not_found',
} as const;

/**
 * What the provider answered, as the runner understood it. `ok` with the provider's message id,
 * else the failure as a job would record it (`code`, the provider's own explanation — never a
 * credential —, whether a retry could help). `missing`: the test lacked what the provider needs (a
 * device token, a webhook URL). `recipient` is an address or a name, never a token or a URL.
 */
export const integrationSendTestResponseSchema = z.object({
  ok: z.boolean(),
  providerId: boundedString(100),
  integrationIdentifier: idSchema,
  recipient: z.string().max(4096).nullable(),
  providerMessageId: z.string().max(4096).nullable(),
  error: z.object({ code: boundedString(100), message: z.string().max(4096), retryable: z.boolean() }).nullable(),
  /** Time the provider call took, in ms (0 when nothing was sent). */
  durationMs: z.number().int().min(0),
});
export type IntegrationSendTestResponse = z.infer<typeof integrationSendTestResponseSchema>;

/** The method of `channel`'s test. */
export function integrationSendTestMethod<C extends TestableChannel>(channel: C): (typeof INTEGRATION_SEND_TEST_V1)[C] {
  return INTEGRATION_SEND_TEST_V1[channel];
}

/** True when `channel` has a provider to test. */
export function isTestableChannel(channel: string): channel is TestableChannel {
  return (TESTABLE_CHANNELS as readonly string[]).includes(channel);
}
