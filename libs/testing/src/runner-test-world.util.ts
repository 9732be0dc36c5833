import { createHash, randomBytes, randomUUID } from 'node:crypto';

import {
  ATTACHMENT_RPC_ERRORS,
  ATTACHMENT_RPC_SERVICE,
  type AttachmentRef,
  ATTACHMENTS_PRESIGN_DOWNLOAD_V1,
  type AttachmentsPresignDownloadRequest,
  type AttachmentsPresignDownloadResponse,
  createEnvelope,
  type DeliveryChannel,
  type Envelope,
  INTEGRATIONS_LIST_FOR_RUNNER_V2,
  INTEGRATIONS_RPC_SERVICE,
  type IntegrationsListForRunnerRequest,
  JOB_STATUS_CHANGED_V1,
  type JobDispatchData,
  jobDispatchRoutingKey,
  type JobStatusChangedData,
  RunnerCredentialsSeal,
  type RunnerIntegration,
  type SealedRunnerIntegration,
} from '@herald/contracts';

import { expectEventually } from './expect-eventually.util';
import { type HttpReceiver, startHttpReceiver } from './http-receiver.util';
import { testServiceUrls } from './service-urls';
import { MessageRecorder, RpcStub, TestBroker } from './test-broker.util';
import { createTestDatabase, type TestDatabase } from './test-database.util';
import { uniqueTestPrefix } from './unique-test-prefix.util';

/** Changes the stub gateway's sealed answer for the environment asked about. */
export type IntegrationsAnswerRewrite = (
  answer: SealedRunnerIntegration[],
  environmentId: string,
) => SealedRunnerIntegration[];

interface GatewaySealing {
  seal: RunnerCredentialsSeal;
  rewrite: IntegrationsAnswerRewrite;
}

/** Retry delays a runner under test uses (short, so retried jobs finish within a test). */
export const RUNNER_TEST_RETRY_DELAYS_MS = [100, 300, 1_000, 2_000] as const;

const OUTCOMES = new Set(['completed', 'failed', 'canceled']);

/**
 * Everything around a channel runner under test, on the suite's own database and broker prefix:
 * the gateway's integrations RPC (`integrations.list-for-runner.v2`, answered from `integrations`
 * with the credentials sealed under the world's `RUNNER_CREDENTIALS_KEY`), a recorder of the runner's
 * `job.status-changed.v1`, a publisher of dispatches, and the env to load the runner's config
 * from (loopback targets allowed, short retries). Boot the runner itself with that env.
 */
export class RunnerTestWorld {
  private storage?: HttpReceiver;
  private readonly files = new Map<string, { ref: AttachmentRef; content: Buffer; gone: boolean }>();

  private constructor(
    /** Integrations the stub gateway serves, by environment id (none: an empty list); it seals their credentials. */
    readonly integrations: Map<string, RunnerIntegration[]>,
    private readonly gatewayFailures: { left: number },
    private readonly gatewaySealing: GatewaySealing,
    readonly channel: DeliveryChannel,
    readonly database: TestDatabase,
    readonly broker: TestBroker,
    readonly statuses: MessageRecorder<JobStatusChangedData>,
    readonly gateway: RpcStub,
    /** Config variables for the runner (`runnerConfig(channel).load(world.env)`), `overrides` applied. */
    readonly env: Record<string, string>,
  ) {}

  /** Creates the world; `env` overrides the runner variables it sets. */
  static async create(
    label: string,
    channel: DeliveryChannel,
    env: Record<string, string> = {},
  ): Promise<RunnerTestWorld> {
    const database = await createTestDatabase(label);
    const prefix = uniqueTestPrefix(label);
    const broker = await TestBroker.connect(prefix);
    const statuses = await broker.record<JobStatusChangedData>([JOB_STATUS_CHANGED_V1]);
    const integrations = new Map<string, RunnerIntegration[]>();
    const failures = { left: 0 };
    // The world's own key, shared by the stub gateway and the runner's env, as compose shares one.
    const credentialsKey = randomBytes(32);
    const sealing: GatewaySealing = { seal: new RunnerCredentialsSeal(credentialsKey), rewrite: (answer) => answer };
    const gateway = await broker.serveRpc(INTEGRATIONS_RPC_SERVICE, {
      [INTEGRATIONS_LIST_FOR_RUNNER_V2]: (request): SealedRunnerIntegration[] => {
        if (failures.left > 0) {
          failures.left -= 1;
          throw Object.assign(new Error('gateway unavailable (test)'), { code: 'internal_error' });
        }
        const { environmentId, channel: asked } = request.data as IntegrationsListForRunnerRequest;
        const answer = (integrations.get(environmentId) ?? [])
          .filter((integration) => integration.channel === asked)
          .map(({ credentials, ...integration }) => ({
            ...integration,
            sealedCredentials: sealing.seal.seal(credentials, {
              environmentId,
              integrationId: integration.id,
              channel: integration.channel,
            }),
          }));
        return sealing.rewrite(answer, environmentId);
      },
    });
    return new RunnerTestWorld(integrations, failures, sealing, channel, database, broker, statuses, gateway, {
      NODE_ENV: 'test',
      LOG_LEVEL: 'error',
      HTTP_PORT: '0',
      DATABASE_URL: database.url,
      DB_POOL_SIZE: '4',
      AMQP_URL: testServiceUrls().amqpUrl,
      BROKER_NAME_PREFIX: prefix,
      RUNNER_OUTBOUND_ALLOWED_CIDRS: '127.0.0.0/8,::1/128',
      RUNNER_RETRY_DELAYS_MS: RUNNER_TEST_RETRY_DELAYS_MS.join(','),
      RUNNER_PROVIDER_TIMEOUT_MS: '3000',
      RUNNER_RPC_TIMEOUT_MS: '3000',
      RUNNER_CREDENTIALS_KEY: credentialsKey.toString('base64'),
      ...env,
    });
  }

  /** The runner's dispatch queue. */
  get dispatchQueue(): string {
    return this.broker.queueName(`runner-${this.channel.replace('_', '-')}`, 'dispatch');
  }

  /** Makes the stub gateway seal credentials under `key` from now on (a gateway rolled out with another key). */
  sealCredentialsWith(key: Buffer): void {
    this.gatewaySealing.seal = new RunnerCredentialsSeal(key);
  }

  /**
   * Makes the stub gateway pass each sealed answer through `rewrite` (e.g. swap two integrations'
   * seals, as a hostile or broken answer would); `undefined` restores the plain answer.
   */
  rewriteIntegrationsAnswer(rewrite?: IntegrationsAnswerRewrite): void {
    this.gatewaySealing.rewrite = rewrite ?? ((answer) => answer);
  }

  /** Makes the stub gateway answer the next `count` integrations calls with an error. */
  failGatewayCalls(count: number): void {
    this.gatewayFailures.left = count;
  }

  /** Waits until a runner consumes the dispatch queue (publish only then: nothing is queued before it exists). */
  async waitForRunner(timeoutMs = 15_000): Promise<void> {
    await expectEventually(
      async () => {
        if ((await this.broker.consumers(this.dispatchQueue)) === 0)
          throw new Error(`nothing consumes ${this.dispatchQueue} yet`);
      },
      { timeoutMs },
    );
  }

  /** Publishes a dispatch for `data` (a fresh envelope id unless given) and returns the envelope. */
  async dispatch(data: JobDispatchData, options: { id?: string } = {}): Promise<Envelope<JobDispatchData>> {
    const envelope = createEnvelope(jobDispatchRoutingKey(data.step.type), data.environmentId, data, options);
    await this.broker.publish(envelope);
    return envelope;
  }

  /** The status events of a job (optionally of one attempt), in arrival order. */
  statusesOf(jobId: string, attempt?: number): JobStatusChangedData[] {
    return this.statuses
      .where((event) => event.data.jobId === jobId && (attempt === undefined || event.data.attempt === attempt))
      .map((event) => event.data);
  }

  /** Waits for the outcome (COMPLETED, FAILED or CANCELED) of a job's attempt. */
  async outcomeOf(jobId: string, attempt = 1, timeoutMs = 15_000): Promise<JobStatusChangedData> {
    const event = await this.statuses.waitFor(
      (candidate) =>
        candidate.data.jobId === jobId && candidate.data.attempt === attempt && OUTCOMES.has(candidate.data.status),
      timeoutMs,
    );
    return event.data;
  }

  /**
   * Stores an attachment the way the gateway would have uploaded it, and returns its reference
   * for a dispatch. The first call starts attachment-service's stub (`attachments.presign-download.v1`)
   * and an object-storage stand-in serving the bytes under presigned-looking URLs.
   */
  async storeAttachment(content: Buffer, ref: Partial<AttachmentRef> = {}): Promise<AttachmentRef> {
    if (!this.storage) {
      const storage = await startHttpReceiver((request) => {
        const file = this.files.get(request.path.split('/').pop() ?? '');
        if (!file || file.gone || !request.query.get('X-Amz-Signature'))
          return {
            status: 404,
            headers: { 'content-type': 'application/xml' },
            body: '<Error><Code>NoSuchKey</Code></Error>',
          };
        return { status: 200, headers: { 'content-type': file.ref.mime }, body: file.content };
      });
      this.storage = storage;
      await this.broker.serveRpc(ATTACHMENT_RPC_SERVICE, {
        [ATTACHMENTS_PRESIGN_DOWNLOAD_V1]: (request): AttachmentsPresignDownloadResponse => {
          const file = this.files.get((request.data as AttachmentsPresignDownloadRequest).id);
          if (!file) throw Object.assign(new Error('no such attachment'), { code: ATTACHMENT_RPC_ERRORS.notFound });
          if (file.gone)
            throw Object.assign(new Error('attachment was swept'), { code: ATTACHMENT_RPC_ERRORS.expired });
          const { id, name, mime, size } = file.ref;
          const sha256 = createHash('sha256').update(file.content).digest('hex');
          return {
            id,
            name,
            mime,
            size,
            sha256,
            url: `${storage.url}/attachments/${id}?X-Amz-Signature=test`,
            urlExpiresAt: new Date(Date.now() + 900_000).toISOString(),
          };
        },
      });
    }
    const full: AttachmentRef = {
      id: randomUUID(),
      name: 'file.bin',
      mime: 'application/octet-stream',
      ...ref,
      size: content.length,
    };
    this.files.set(full.id, { ref: full, content, gone: false });
    return full;
  }

  /** Makes a stored attachment gone (swept), as attachment-service would report it. */
  sweepAttachment(id: string): void {
    const file = this.files.get(id);
    if (file) file.gone = true;
  }

  /** Removes the suite's queues and exchange and drops its database (close the runner first). */
  async close(): Promise<void> {
    await this.storage?.close();
    const queue = this.dispatchQueue;
    const tiers = RUNNER_TEST_RETRY_DELAYS_MS.map((delay) => `${queue}.retry.${delay}`);
    await this.broker.close([queue, `${queue}.dead`, `${queue}.suspect`, ...tiers]);
    await this.database.drop();
  }
}
