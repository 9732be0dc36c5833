import type { RunnerIntegration } from '@herald/contracts';

import type { JobOutcome } from '../delivery/job-outcome';
import type { Preparation, SendContext, SendOutcome, TransactionalDelivery } from '../providers/delivery-provider';
import { allowsFailover, failureFromError, type ProviderFailure } from '../providers/provider-failure';

/** One integration to try, with the delivery its provider prepared for it. */
export interface Candidate {
  integration: RunnerIntegration;
  preparation: Preparation;
}

/** What the failover run came to: an outcome, or a transactional delivery to make in the record transaction. */
export type FailoverResult =
  | { kind: 'outcome'; outcome: JobOutcome; attempts: number }
  | {
      kind: 'transactional';
      integration: RunnerIntegration;
      delivery: TransactionalDelivery;
      notes: readonly string[];
    };

interface Tried {
  integration: RunnerIntegration;
  failure: ProviderFailure;
}

/**
 * Tries the candidates in order. A retryable failure, or a broken integration (misconfigured,
 * credentials refused), moves on to the next candidate; any other permanent failure stops:
 * another provider would refuse the same message. Candidates whose subscriber data is missing are passed over; when no candidate had
 * any, the job is canceled. A provider that throws anyway counts as a retryable failure.
 */
export async function runFailover(candidates: readonly Candidate[], context: SendContext): Promise<FailoverResult> {
  const tried: Tried[] = [];
  const missing: string[] = [];
  for (const { integration, preparation } of candidates) {
    if (!preparation.ok) {
      if ('missing' in preparation) missing.push(preparation.missing);
      else tried.push({ integration, failure: preparation.failure });
      continue;
    }
    const delivery = preparation.delivery;
    if (delivery.kind === 'transactional')
      return { kind: 'transactional', integration, delivery, notes: tried.map(describe) };
    const outcome = await safeSend(() => delivery.send(context), integration.providerId);
    if (outcome.ok) {
      const after = tried.length > 0 ? ` after failover from ${tried.map(describe).join(', ')}` : '';
      return {
        kind: 'outcome',
        attempts: tried.length + 1,
        outcome: {
          status: 'completed',
          integrationId: integration.id,
          providerId: integration.providerId,
          providerMessageId: outcome.providerMessageId,
          messageId: outcome.messageId,
          recipient: delivery.recipient,
          detail: `Sent by ${integration.providerId} (${integration.identifier})${after}`,
        },
      };
    }
    tried.push({ integration, failure: outcome.failure });
    if (!allowsFailover(outcome.failure)) break;
  }
  if (tried.length === 0) {
    return {
      kind: 'outcome',
      attempts: 0,
      outcome: { status: 'canceled', detail: [...new Set(missing)].join('; ') || 'Nothing to deliver to' },
    };
  }
  const last = tried[tried.length - 1];
  const retryable = tried.some((attempt) => attempt.failure.retryable);
  // The next attempt tries these integrations again: it waits for the longest hint any gave.
  const hints = tried.flatMap((attempt) =>
    attempt.failure.retryAfterMs === undefined ? [] : [attempt.failure.retryAfterMs],
  );
  const retryAfter = retryable && hints.length > 0 ? { retryAfterMs: Math.max(...hints) } : {};
  const others = tried.length > 1 ? ` (tried ${tried.map(describe).join(', ')})` : '';
  return {
    kind: 'outcome',
    attempts: tried.length,
    outcome: {
      status: 'failed',
      integrationId: last.integration.id,
      providerId: last.integration.providerId,
      error: { code: last.failure.code, message: last.failure.message, retryable, ...retryAfter },
      detail: `${last.failure.message}${others}`,
    },
  };
}

async function safeSend(send: () => Promise<SendOutcome>, providerId: string): Promise<SendOutcome> {
  try {
    return await send();
  } catch (error) {
    return { ok: false, failure: failureFromError(providerId, error) };
  }
}

function describe(attempt: Tried): string {
  return `${attempt.integration.identifier}: ${attempt.failure.code}`;
}
