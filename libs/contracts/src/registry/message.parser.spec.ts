import { JobStatus } from '../common/job-status';
import { createEnvelope } from '../envelope/envelope';
import { buildJobDispatchFixture } from '../job-dispatch/job-dispatch.fixture';
import { buildJobStatusChangedFixture } from '../job-status-changed/job-status-changed.fixture';
import { buildTriggerRequestedFixture } from '../trigger-requested/trigger-requested.fixture';
import { CONTRACT_TYPES, getContractSchema, isContractType } from './contract.registry';
import { ContractViolationError, createContractMessage } from './contract-message.factory';
import { parseMessage } from './message.parser';
import { MAX_REPORTED_ISSUES } from './zod-issues.formatter';

function envelopeOf(type: string, data: { environmentId: string }) {
  return createEnvelope(type, data.environmentId, data);
}

describe('contract registry', () => {
  it('knows every message', () => {
    expect([...CONTRACT_TYPES].sort()).toEqual([
      'api-key.revoked.v1',
      'environment.deleted.v1',
      'inbox.counts-changed.v1',
      'inbox.message-created.v1',
      'integration.changed.v1',
      'job.dispatch.chat.v1',
      'job.dispatch.email.v1',
      'job.dispatch.in-app.v1',
      'job.dispatch.push.v1',
      'job.dispatch.sms.v1',
      'job.status-changed.v1',
      'message.deleted.v1',
      'organization.settings-changed.v1',
      'subscriber.deleted.v1',
      'trigger.requested.v1',
    ]);
  });

  it('looks up own keys only', () => {
    expect(getContractSchema('trigger.requested.v1')).toBeDefined();
    expect(isContractType('__proto__')).toBe(false);
    expect(getContractSchema('constructor')).toBeUndefined();
  });
});

describe('parseMessage', () => {
  it('returns a typed message for a valid envelope', () => {
    const data = buildTriggerRequestedFixture();
    const result = parseMessage(envelopeOf('trigger.requested.v1', data));
    expect(result.ok).toBe(true);
    if (result.ok && result.message.type === 'trigger.requested.v1') {
      // Narrowing on `type` types `data`: this line would not compile on a dispatch message.
      expect(result.message.data.workflow.identifier).toBe(data.workflow.identifier);
    }
  });

  it('checks the type a queue expects', () => {
    const data = buildJobDispatchFixture({}, 'sms');
    const message = envelopeOf('job.dispatch.sms.v1', data);
    const result = parseMessage(message, 'job.dispatch.sms.v1');
    expect(result.ok && result.message.data.step.type).toBe('sms');
    expect(parseMessage(message, 'job.dispatch.email.v1')).toEqual({
      ok: false,
      type: 'job.dispatch.sms.v1',
      issues: ['type: expected "job.dispatch.email.v1", got "job.dispatch.sms.v1"'],
    });
  });

  it('rejects a dispatch whose step belongs to another channel', () => {
    const data = buildJobDispatchFixture({}, 'push');
    expect(parseMessage(envelopeOf('job.dispatch.chat.v1', data))).toMatchObject({
      ok: false,
      issues: ['data.step.type: must be "chat" on job.dispatch.chat.v1'],
    });
  });

  it('rejects an unknown type', () => {
    const data = buildJobStatusChangedFixture();
    expect(parseMessage(envelopeOf('job.exploded.v1', data))).toEqual({
      ok: false,
      type: 'job.exploded.v1',
      issues: ['type: unknown message type "job.exploded.v1"'],
    });
  });

  it('rejects a malformed envelope without reading its data', () => {
    expect(parseMessage('not json')).toEqual({ ok: false, issues: ['message: Expected object, received string'] });
    const { id: _id, ...envelope } = envelopeOf('job.status-changed.v1', buildJobStatusChangedFixture());
    expect(parseMessage({ ...envelope, type: 'nope' })).toEqual({
      ok: false,
      issues: ['id: Required', 'type: type must look like <entity>.<event>.v<N>'],
    });
  });

  it('reports invalid data with paths under data', () => {
    const data = { ...buildJobStatusChangedFixture({ status: JobStatus.FAILED }), error: undefined };
    expect(parseMessage(envelopeOf('job.status-changed.v1', data))).toEqual({
      ok: false,
      type: 'job.status-changed.v1',
      issues: ['data.error: is required when status is "failed"'],
    });
    const missing = createEnvelope('trigger.requested.v1', 'env', undefined);
    expect(parseMessage(missing)).toMatchObject({ ok: false, issues: ['data: Required'] });
  });

  it('rejects data of another environment than the envelope', () => {
    const data = buildTriggerRequestedFixture();
    expect(parseMessage(createEnvelope('trigger.requested.v1', 'other-env', data))).toMatchObject({
      ok: false,
      issues: ['data.environmentId: does not match the envelope environmentId'],
    });
  });

  it(`caps the issue list at ${MAX_REPORTED_ISSUES}`, () => {
    const data = buildTriggerRequestedFixture();
    const to = Array.from({ length: 30 }, (_, i) => ({ type: 'Subscriber', subscriberId: i }));
    const result = parseMessage(createEnvelope('trigger.requested.v1', data.environmentId, { ...data, to }));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.issues).toHaveLength(MAX_REPORTED_ISSUES + 1);
      expect(result.issues[MAX_REPORTED_ISSUES]).toBe('... and 10 more issues');
    }
  });

  it('never echoes values (payload or credentials) in issues', () => {
    const data = buildJobDispatchFixture();
    data.subscriber.channels = [{ providerId: 'slack', credentials: { webhookUrl: 'secret-token-value' } }];
    const result = parseMessage(envelopeOf('job.dispatch.email.v1', data));
    expect(JSON.stringify(result)).not.toContain('secret-token-value');
  });
});

describe('createContractMessage', () => {
  it('wraps valid data in an envelope of its environment', () => {
    const data = buildJobStatusChangedFixture();
    const message = createContractMessage('job.status-changed.v1', data);
    expect(message).toMatchObject({ type: 'job.status-changed.v1', environmentId: data.environmentId, data });
    expect(parseMessage(message, 'job.status-changed.v1').ok).toBe(true);
  });

  it('throws a ContractViolationError listing the issues', () => {
    const data = { ...buildTriggerRequestedFixture(), to: [] };
    expect(() => createContractMessage('trigger.requested.v1', data)).toThrow(
      new ContractViolationError('trigger.requested.v1', ['data.to: a trigger needs at least one recipient']),
    );
  });
});
