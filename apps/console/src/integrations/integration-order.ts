import type { Integration, IntegrationDeliveryStats, IntegrationTestAnswer } from '../api/resources.types';

/**
 * A channel's integrations in the order the runners try them (runner-kit's `selectIntegrations`):
 * active ones, the primary first, then by descending priority, ties in the API's order; the
 * inactive ones after them (never tried).
 */
export function failoverOrder(integrations: readonly Integration[]): { tried: Integration[]; inactive: Integration[] } {
  const tried = integrations
    .map((integration, index) => ({ integration, index }))
    .filter(({ integration }) => integration.active)
    .sort(
      (a, b) =>
        Number(b.integration.primary) - Number(a.integration.primary) ||
        b.integration.priority - a.integration.priority ||
        a.index - b.index,
    )
    .map(({ integration }) => integration);
  return { tried, inactive: integrations.filter((integration) => !integration.active) };
}

/** What an integration's outcomes over the window read as, in one sentence. */
export function deliverySentence(stats: IntegrationDeliveryStats | undefined, hours: number): string {
  const window = `the last ${hours === 1 ? 'hour' : `${hours} hours`}`;
  if (!stats || stats.delivered + stats.failed === 0) return `No delivery attempt in ${window}.`;
  const rate = stats.errorRate === null ? 0 : Math.round(stats.errorRate * 1000) / 10;
  return `${stats.delivered} delivered, ${stats.failed} failed in ${window} · error rate ${rate}%`;
}

/** A send test's answer as a sentence: the provider accepted it (with its id), or why not. */
export function testAnswerSentence(answer: IntegrationTestAnswer): string {
  if (answer.ok)
    return `${answer.providerId} accepted it${answer.recipient ? ` for ${answer.recipient}` : ''} in ${answer.durationMs} ms${
      answer.providerMessageId ? ` · message id ${answer.providerMessageId}` : ''
    }.`;
  const error = answer.error;
  return `${answer.providerId} did not send it: ${error?.message ?? 'no reason given'} (${error?.code ?? 'unknown'}${
    error?.retryable ? ', may work if tried again' : ''
  }).`;
}
