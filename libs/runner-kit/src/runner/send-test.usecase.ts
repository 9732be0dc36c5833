import { randomUUID } from 'node:crypto';

import {
  computeDeliveryKey,
  INTEGRATION_TEST_RPC_ERRORS,
  type IntegrationSendTestRequest,
  type IntegrationSendTestResponse,
  type JobDispatchData,
  RpcError,
  type RunnerIntegration,
  type SubscriberChannel,
  type TestableChannel,
} from '@herald/contracts';
import { Logger } from '@nestjs/common';

import type { IntegrationDirectory } from '../integrations/integration-directory';
import type { OutboundHttpClient } from '../outbound/outbound-http.client';
import type { DeliveryProvider, Preparation, RenderedContent, SendOutcome } from '../providers/delivery-provider';
import { failureFromError, type ProviderFailure } from '../providers/provider-failure';

/** What the test use case is built from. */
export interface SendTestDependencies {
  channel: TestableChannel;
  service: string;
  providers: readonly DeliveryProvider[];
  directory: IntegrationDirectory;
  http: OutboundHttpClient;
  providerTimeoutMs: number;
}

const DEFAULT_SUBJECT = 'Herald test message';
const DEFAULT_BODY = "This is a test message from Herald's console: the integration works.";
/** The subscriberId of the made-up recipient (also what a chat or push test names as recipient). */
export const TEST_SUBSCRIBER_ID = 'herald-integration-test';
const REDACTED = '[redacted]';

/**
 * `integration.send-test.<channel>.v1`: one message through one integration, prepared by the same
 * provider code a job uses (a made-up job for a made-up subscriber who has only `to`), sent with
 * the same guarded client and deadline, and answered with what the provider said. Nothing is
 * recorded, no status event is published: a test is not a job. Credentials (the integration's, and
 * `to` when it is a token or webhook URL) are cut out of anything the answer or a log carries.
 */
export class SendTestUseCase {
  private readonly logger = new Logger('SendTest');
  private readonly providers: ReadonlyMap<string, DeliveryProvider>;

  constructor(private readonly deps: SendTestDependencies) {
    this.providers = new Map(deps.providers.map((provider) => [provider.providerId, provider]));
  }

  async execute(request: IntegrationSendTestRequest): Promise<IntegrationSendTestResponse> {
    const integration = await this.deps.directory.find(request.environmentId, request.integrationId);
    if (!integration)
      throw new RpcError(
        INTEGRATION_TEST_RPC_ERRORS.integrationNotFound,
        `no active ${this.deps.channel} integration ${request.integrationId} in this environment`,
      );
    const secrets = secretsOf(integration, this.deps.channel, request.to);
    const base = { providerId: integration.providerId, integrationIdentifier: integration.identifier };
    const answer = (outcome: Omit<IntegrationSendTestResponse, keyof typeof base>): IntegrationSendTestResponse => {
      const error = outcome.error && { ...outcome.error, message: redact(outcome.error.message, secrets) };
      this.logger.log({
        msg: 'integration test sent',
        environmentId: request.environmentId,
        integrationId: integration.id,
        providerId: integration.providerId,
        ok: outcome.ok,
        code: error?.code,
      });
      return { ...base, ...outcome, error };
    };
    const provider = this.providers.get(integration.providerId);
    if (!provider)
      return answer(
        failed({
          code: 'provider_not_supported',
          message: `${integration.providerId} is not supported by ${this.deps.service}`,
          retryable: false,
        }),
      );
    const job = testJob(request, integration, this.deps.channel);
    let preparation: Preparation;
    try {
      preparation = provider.prepare({
        job,
        integration,
        content: testContent(request, this.deps.channel),
        providerOverrides: {},
        channelOverrides: {},
        attachments: [],
      });
    } catch (error) {
      preparation = { ok: false, failure: { ...failureFromError(integration.providerId, error), retryable: false } };
    }
    if (!preparation.ok) {
      if ('missing' in preparation)
        return answer(
          failed({
            code: 'recipient_missing',
            message: `${preparation.missing}: give a recipient to test with`,
            retryable: false,
          }),
        );
      return answer(failed(preparation.failure));
    }
    const delivery = preparation.delivery;
    if (delivery.kind !== 'external')
      return answer(
        failed({
          code: 'provider_not_testable',
          message: `${integration.providerId} stores, it does not send`,
          retryable: false,
        }),
      );
    const started = Date.now();
    let outcome: SendOutcome;
    try {
      outcome = await delivery.send({
        jobId: job.jobId,
        environmentId: job.environmentId,
        deliveryKey: job.deliveryKey,
        http: this.deps.http,
        guard: this.deps.http.guard,
        timeoutMs: this.deps.providerTimeoutMs,
      });
    } catch (error) {
      outcome = { ok: false, failure: failureFromError(integration.providerId, error) };
    }
    const durationMs = Date.now() - started;
    const recipient = redact(delivery.recipient, secrets);
    return outcome.ok
      ? answer({ ok: true, recipient, providerMessageId: outcome.providerMessageId ?? null, error: null, durationMs })
      : answer({ ...failed(outcome.failure), recipient, durationMs });
  }
}

function failed(failure: ProviderFailure): Omit<IntegrationSendTestResponse, 'providerId' | 'integrationIdentifier'> {
  const { code, message, retryable } = failure;
  return { ok: false, recipient: null, providerMessageId: null, error: { code, message, retryable }, durationMs: 0 };
}

/** The made-up job a test sends: a subscriber who has only the test's recipient, the test's text as its content. */
export function testJob(
  request: IntegrationSendTestRequest,
  integration: RunnerIntegration,
  channel: TestableChannel,
): JobDispatchData {
  const transactionId = `integration-test-${randomUUID()}`;
  const credentials =
    channel === 'chat' && request.to
      ? { webhookUrl: request.to }
      : channel === 'push' && request.to
        ? { deviceTokens: [request.to] }
        : undefined;
  const channels: SubscriberChannel[] = credentials
    ? [{ providerId: integration.providerId, integrationIdentifier: integration.identifier, credentials }]
    : [];
  const stepId = 'integration-test';
  return {
    jobId: randomUUID(),
    notificationId: randomUUID(),
    transactionId,
    environmentId: request.environmentId,
    organizationId: request.environmentId,
    attempt: 1,
    deliveryKey: computeDeliveryKey({
      environmentId: request.environmentId,
      transactionId,
      subscriberId: TEST_SUBSCRIBER_ID,
      stepId,
    }),
    workflow: { id: stepId, identifier: stepId, version: 1, name: 'Integration test' },
    step: { stepId, name: 'Integration test', type: channel, controlValues: {} },
    subscriber: {
      id: TEST_SUBSCRIBER_ID,
      subscriberId: TEST_SUBSCRIBER_ID,
      email: channel === 'email' ? (request.to ?? null) : null,
      phone: channel === 'sms' ? (request.to ?? null) : null,
      firstName: null,
      lastName: null,
      avatar: null,
      locale: null,
      timezone: null,
      data: null,
      channels,
    },
    payload: {},
    overrides: {},
    attachments: [],
  };
}

/** The test's content as a rendered step would have it (email: the body as escaped HTML, and as text). */
export function testContent(request: IntegrationSendTestRequest, channel: TestableChannel): RenderedContent {
  const subject = request.subject ?? DEFAULT_SUBJECT;
  const body = request.body ?? DEFAULT_BODY;
  if (channel === 'email') return { subject, body: `<p>${escapeHtml(body)}</p>`, text: body };
  return { subject, body };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The strings an answer must not carry: every credential value of the integration, and a token or webhook URL given as `to`. */
export function secretsOf(integration: RunnerIntegration, channel: TestableChannel, to?: string): string[] {
  const values: string[] = [];
  const collect = (value: unknown): void => {
    if (typeof value === 'string') values.push(value);
    else if (Array.isArray(value)) value.forEach(collect);
    else if (value && typeof value === 'object') Object.values(value).forEach(collect);
  };
  collect(integration.credentials);
  if (to && (channel === 'chat' || channel === 'push')) values.push(to);
  // Short values (a port, `true`, a region) are not secrets and would blank out ordinary words.
  return [...new Set(values.filter((value) => value.length >= 8))].sort((a, b) => b.length - a.length);
}

/** `text` with every secret replaced. */
export function redact(text: string, secrets: readonly string[]): string {
  return secrets.reduce((result, secret) => result.split(secret).join(REDACTED), text);
}
