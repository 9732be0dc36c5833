import { buildRunnerIntegrationFixture } from '@herald/contracts';

import type { Preparation, SendContext, SendOutcome } from '../providers/delivery-provider';
import type { ProviderFailure } from '../providers/provider-failure';
import { type Candidate, runFailover } from './failover.executor';

const context = {} as SendContext;
const failure = (code: string, retryable: boolean): ProviderFailure => ({
  code,
  message: `${code} happened`,
  retryable,
});
let calls: string[] = [];

function candidate(identifier: string, result: SendOutcome | (() => never)): Candidate {
  const preparation: Preparation = {
    ok: true,
    delivery: {
      kind: 'external',
      recipient: 'r',
      send: async () => {
        calls.push(identifier);
        return typeof result === 'function' ? result() : result;
      },
    },
  };
  return { integration: buildRunnerIntegrationFixture({ identifier }), preparation };
}
const missing = (identifier: string, what: string): Candidate => ({
  integration: buildRunnerIntegrationFixture({ identifier }),
  preparation: { ok: false, missing: what },
});

describe('runFailover', () => {
  beforeEach(() => (calls = []));

  it('moves on after a retryable failure and reports the failover', async () => {
    const result = await runFailover(
      [
        candidate('a', { ok: false, failure: failure('provider_unavailable', true) }),
        candidate('b', { ok: true, providerMessageId: 'm' }),
      ],
      context,
    );
    expect(result).toMatchObject({
      kind: 'outcome',
      attempts: 2,
      outcome: {
        status: 'completed',
        providerMessageId: 'm',
        detail: expect.stringContaining('after failover from a: provider_unavailable'),
      },
    });
    expect(calls).toEqual(['a', 'b']);
  });

  it('stops at a permanent failure, but not at a broken integration', async () => {
    const permanent = await runFailover(
      [candidate('a', { ok: false, failure: failure('provider_rejected', false) }), candidate('b', { ok: true })],
      context,
    );
    expect(permanent).toMatchObject({
      outcome: { status: 'failed', error: { code: 'provider_rejected', retryable: false } },
    });
    expect(calls).toEqual(['a']);
    calls = [];
    const broken = await runFailover(
      [candidate('a', { ok: false, failure: failure('provider_auth_failed', false) }), candidate('b', { ok: true })],
      context,
    );
    expect(broken).toMatchObject({ outcome: { status: 'completed' } });
  });

  it('reports the last failure, retryable when any attempt was', async () => {
    const result = await runFailover(
      [
        candidate('a', { ok: false, failure: failure('provider_unavailable', true) }),
        candidate('b', { ok: false, failure: failure('integration_misconfigured', false) }),
      ],
      context,
    );
    expect(result).toMatchObject({
      outcome: {
        status: 'failed',
        error: { code: 'integration_misconfigured', retryable: true },
        detail: expect.stringContaining('tried a: provider_unavailable, b: integration_misconfigured'),
      },
    });
  });

  it('fails over at once past a Retry-After, and reports the longest hint for the next attempt', async () => {
    const limited = (retryAfterMs: number) => ({
      ok: false as const,
      failure: { ...failure('provider_rate_limited', true), retryAfterMs },
    });
    const result = await runFailover(
      [
        candidate('a', limited(7000)),
        candidate('b', { ok: false, failure: failure('provider_unavailable', true) }),
        candidate('c', limited(3000)),
      ],
      context,
    );
    expect(calls).toEqual(['a', 'b', 'c']);
    expect(result).toMatchObject({ outcome: { status: 'failed', error: { retryable: true, retryAfterMs: 7000 } } });
    calls = [];
    const none = await runFailover(
      [candidate('a', { ok: false, failure: failure('provider_unavailable', true) })],
      context,
    );
    expect(none).toMatchObject({ outcome: { status: 'failed' } });
    expect(none.kind === 'outcome' && none.outcome.status === 'failed' && none.outcome.error).not.toHaveProperty(
      'retryAfterMs',
    );
  });

  it('treats a provider that throws as a retryable failure', async () => {
    const result = await runFailover(
      [
        candidate('a', () => {
          throw new Error('bug');
        }),
      ],
      context,
    );
    expect(result).toMatchObject({ outcome: { status: 'failed', error: { code: 'provider_error', retryable: true } } });
  });

  it('passes over candidates lacking subscriber data, and cancels when all do', async () => {
    expect(await runFailover([missing('a', 'no token for a'), candidate('b', { ok: true })], context)).toMatchObject({
      outcome: { status: 'completed' },
    });
    expect(await runFailover([missing('a', 'no token for a'), missing('b', 'no token for b')], context)).toEqual({
      kind: 'outcome',
      attempts: 0,
      outcome: { status: 'canceled', detail: 'no token for a; no token for b' },
    });
  });
});
