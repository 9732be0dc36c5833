import type { JobDispatchData, RunnerIntegration } from '@herald/contracts';
import type { Tx } from '@herald/persistence';

import type { FetchedAttachment } from '../attachments/attachment-fetcher';
import type { OutboundGuard } from '../outbound/outbound-guard';
import type { OutboundHttpClient } from '../outbound/outbound-http.client';
import type { ProviderFailure } from './provider-failure';

/** The step's controls after Liquid rendering (same shape, every string rendered). */
export type RenderedContent = Record<string, unknown>;

/** The outcome of one provider call. Providers never throw for a provider error: they return it. */
export type SendOutcome =
  | {
      ok: true;
      /** The provider's id of the message (SMTP Message-ID, Twilio SID, ...). */ providerMessageId?: string;
      /** Herald's id of what was stored (the inbox message). */ messageId?: string;
    }
  | { ok: false; failure: ProviderFailure };

/** What a provider call may use besides its prepared message. */
export interface SendContext {
  jobId: string;
  environmentId: string;
  /** The job's delivery key: SMTP Message-ID and provider idempotency keys derive from it. */
  deliveryKey: string;
  /** Guarded HTTP client (SSRF guard, deadlines, capped answers). */
  http: OutboundHttpClient;
  /** For non-HTTP targets (SMTP hosts): resolve through it before connecting. */
  guard: OutboundGuard;
  /** Deadline of one provider call, in ms. */
  timeoutMs: number;
}

/** A delivery to an external provider, made between the claim and the record transactions. */
export interface ExternalDelivery {
  kind: 'external';
  /** Where it goes, for the status event: an address or identifier, never a token or URL. */
  recipient: string;
  send(context: SendContext): Promise<SendOutcome>;
}

/** A delivery that is a write in the runner's own schema (the inbox), made inside the record transaction. */
export interface TransactionalDelivery {
  kind: 'transactional';
  recipient: string;
  send(tx: Tx, context: Pick<SendContext, 'jobId' | 'environmentId' | 'deliveryKey'>): Promise<SendOutcome>;
}

/** A prepared delivery. */
export type PreparedDelivery = ExternalDelivery | TransactionalDelivery;

/**
 * What preparing a delivery for one integration gave: the delivery, the subscriber data it lacks
 * (no email address, no device token, no webhook URL: the job is canceled if no integration can
 * go on), or a failure (the integration is misconfigured).
 */
export type Preparation =
  { ok: true; delivery: PreparedDelivery } | { ok: false; missing: string } | { ok: false; failure: ProviderFailure };

/** What a provider prepares a delivery from. */
export interface PrepareInput {
  job: JobDispatchData;
  integration: RunnerIntegration;
  content: RenderedContent;
  /** `overrides.providers.<providerId>` deep-merged with `overrides.steps.<stepId>.providers.<providerId>`. */
  providerOverrides: Record<string, unknown>;
  /** Novu's channel overrides for this channel (`overrides.email`, `overrides.sms`, ...). */
  channelOverrides: Record<string, unknown>;
  /** The job's attachments with their bytes (runners whose definition asks for them; else empty). */
  attachments: readonly FetchedAttachment[];
}

/**
 * One provider a runner can deliver with (`nodemailer`, `twilio`, ...). A runner app is a list
 * of these plus wiring; the loop in runner-kit picks integrations, fails over and records.
 */
export interface DeliveryProvider {
  /** Novu's provider id, as integrations name it. */
  readonly providerId: string;
  /** Builds the delivery for one integration (pure: no I/O). */
  prepare(input: PrepareInput): Preparation;
}
