import {
  buildJobDispatchFixture,
  buildRunnerIntegrationFixture,
  createEnvelope,
  JOB_DISPATCH_ROUTING_KEYS,
} from '@herald/contracts';
import type { Tx } from '@herald/persistence';
import { TemplateRenderer } from '@herald/templating';

import type { DeliveryLog } from '../delivery/delivery-log.repository';
import type { JobOutcome } from '../delivery/job-outcome';
import type { IntegrationDirectory } from '../integrations/integration-directory';
import type { OutboundHttpClient } from '../outbound/outbound-http.client';
import type { DeliveryProvider } from '../providers/delivery-provider';
import { DeliverJobUseCase } from './deliver-job.usecase';

/** A provider whose sends only count (the send happens outside the record transaction, like SMTP). */
function countingProvider(): DeliveryProvider & { sends: number } {
  const provider = {
    providerId: 'counting',
    sends: 0,
    prepare: () => ({
      ok: true as const,
      delivery: {
        kind: 'external' as const,
        recipient: '+15555550100',
        send: async () => ((provider.sends += 1), { ok: true as const, providerMessageId: 'p-1' }),
      },
    }),
  };
  return provider;
}

/** A delivery log whose record fails (database unreachable) the first `failures` times. */
function flakyLog(failures: number) {
  const recorded: JobOutcome[] = [];
  let left = failures;
  const log = {
    recordCalls: 0,
    recorded,
    claim: async () => ({ kind: 'claim' as const, resend: false }),
    release: async () => undefined,
    record: async (_job: unknown, decide: (tx: Tx) => Promise<JobOutcome>) => {
      log.recordCalls += 1;
      if (left-- > 0) throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
      recorded.push(await decide({} as Tx));
      return true;
    },
  };
  return log;
}

function useCase(
  log: ReturnType<typeof flakyLog>,
  provider: DeliveryProvider,
  recordRetryMs: number,
): DeliverJobUseCase {
  return new DeliverJobUseCase({
    definition: { channel: 'sms', providers: [provider] },
    service: 'runner-sms',
    log: log as unknown as DeliveryLog,
    directory: {
      list: async () => [buildRunnerIntegrationFixture({ providerId: 'counting', channel: 'sms' })],
    } as unknown as IntegrationDirectory,
    renderer: new TemplateRenderer(),
    http: {} as OutboundHttpClient,
    providerTimeoutMs: 1_000,
    recordRetryMs,
  });
}

const envelopeOf = () => {
  const data = buildJobDispatchFixture({}, 'sms');
  return createEnvelope(JOB_DISPATCH_ROUTING_KEYS.sms, data.environmentId, data);
};

describe('DeliverJobUseCase: recording a send that happened', () => {
  it('keeps trying while the database is unreachable, and never sends again', async () => {
    const log = flakyLog(2);
    const provider = countingProvider();

    await useCase(log, provider, 5_000).execute(envelopeOf());

    expect(provider.sends).toBe(1);
    expect(log.recordCalls).toBe(3);
    expect(log.recorded.map((outcome) => outcome.status)).toEqual(['completed']);
  });

  it('gives up after recordRetryMs and throws, so the message is retried through the delivery log', async () => {
    const log = flakyLog(1_000);
    const provider = countingProvider();

    await expect(useCase(log, provider, 300).execute(envelopeOf())).rejects.toThrow('ECONNREFUSED');

    expect(provider.sends).toBe(1);
    expect(log.recordCalls).toBeGreaterThan(1);
  });

  it('records the known outcome when the unrecorded attempt comes back, without claiming or sending again', async () => {
    const log = Object.assign(flakyLog(2), { claims: 0 });
    log.claim = async () => ((log.claims += 1), { kind: 'claim' as const, resend: false });
    const provider = countingProvider();
    const runner = useCase(log, provider, 0);
    const envelope = envelopeOf();

    await expect(runner.execute(envelope)).rejects.toThrow('ECONNREFUSED');
    await expect(runner.execute(envelope)).rejects.toThrow('ECONNREFUSED');
    await runner.execute(envelope);

    expect({
      sends: provider.sends,
      claims: log.claims,
      recorded: log.recorded.map((outcome) =>
        outcome.status === 'completed' ? outcome.providerMessageId : outcome.status,
      ),
    }).toEqual({ sends: 1, claims: 1, recorded: ['p-1'] });
    // Recorded, so forgotten: a later redelivery of the attempt goes through the delivery log again.
    await runner.execute(envelope);
    expect(log.claims).toBe(2);
  });
});

describe('DeliverJobUseCase: which path a delivery takes', () => {
  const inboxLike = (): DeliveryProvider => ({
    providerId: 'novu',
    prepare: () => ({
      ok: true,
      delivery: {
        kind: 'transactional',
        recipient: 'subscriber-1',
        send: async () => ({ ok: true, messageId: 'm-1' }),
      },
    }),
  });
  const builtin = buildRunnerIntegrationFixture({ providerId: 'novu', channel: 'in_app' });

  function recordingLog() {
    const calls: string[] = [];
    const log = {
      calls,
      claim: async () => (calls.push('claim'), { kind: 'claim' as const, resend: false }),
      release: async () => undefined,
      record: async (_job: unknown, decide: (tx: Tx) => Promise<JobOutcome>) => (
        calls.push(`record:${(await decide({} as Tx)).status}`),
        true
      ),
      claimAndRecord: async (_job: unknown, deliver: (tx: Tx) => Promise<JobOutcome>) => {
        const outcome = await deliver({} as Tx);
        calls.push(`claimAndRecord:${outcome.status}`);
        return { kind: 'recorded' as const, outcome };
      },
    };
    return log;
  }

  function builtinUseCase(log: ReturnType<typeof recordingLog>, provider: DeliveryProvider): DeliverJobUseCase {
    return new DeliverJobUseCase({
      definition: { channel: 'in_app', providers: [provider], builtinIntegration: builtin },
      service: 'runner-in-app',
      log: log as unknown as DeliveryLog,
      renderer: new TemplateRenderer(),
      http: {} as OutboundHttpClient,
      providerTimeoutMs: 1_000,
    });
  }

  const inAppEnvelope = (controlValues?: Record<string, unknown>) => {
    const base = buildJobDispatchFixture({}, 'in_app');
    const data = controlValues ? { ...base, step: { ...base.step, controlValues } } : base;
    return createEnvelope(JOB_DISPATCH_ROUTING_KEYS.in_app, data.environmentId, data);
  };

  it('claims, delivers and records a transactional delivery in one call to the log', async () => {
    const log = recordingLog();
    await builtinUseCase(log, inboxLike()).execute(inAppEnvelope());
    expect(log.calls).toEqual(['claimAndRecord:completed']);
  });

  it('records a template error as FAILED in that one call', async () => {
    const log = recordingLog();
    await builtinUseCase(log, inboxLike()).execute(inAppEnvelope({ body: '{% for %}' }));
    expect(log.calls).toEqual(['claimAndRecord:failed']);
  });

  it('keeps claim → send → record for an external delivery, even with a built-in integration', async () => {
    const log = recordingLog();
    const provider = Object.assign(countingProvider(), { providerId: 'novu' });
    await builtinUseCase(log, provider).execute(inAppEnvelope());
    expect(log.calls).toEqual(['claim', 'record:completed']);
    expect(provider.sends).toBe(1);
  });
});
