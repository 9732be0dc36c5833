import type { WorkerSubscriberPreferences } from '@herald/contracts';

import { DEFAULT_PREFERENCES, type WorkflowDefinition, type WorkflowRecord } from '../workflows/workflow-definition';
import { toSubscriberPreferencesResponse } from './subscriber-preferences.mapper';

const at = new Date('2026-01-01T00:00:00.000Z');

function workflow(id: string, definition: Partial<WorkflowDefinition> = {}): WorkflowRecord {
  const step = (type: 'email' | 'in_app' | 'delay', active = true) => ({
    _id: `${id}-${type}`,
    stepId: type,
    name: type,
    type,
    active,
    controlValues: {},
  });
  return {
    id,
    environmentId: 'env',
    identifier: `${id}-flow`,
    slug: `${id}-flow_wf_1`,
    version: 1,
    createdAt: at,
    updatedAt: at,
    definition: {
      name: `Flow ${id}`,
      tags: [],
      active: true,
      critical: false,
      severity: 'none',
      isTranslationEnabled: false,
      validatePayload: false,
      payloadSchema: null,
      steps: [step('delay'), step('email'), step('in_app')],
      preferences: { user: null, workflow: DEFAULT_PREFERENCES },
      ...definition,
    },
  };
}

const stored = (change: Partial<WorkerSubscriberPreferences> = {}): WorkerSubscriberPreferences => ({
  global: { enabled: true, channels: {} },
  workflows: [],
  ...change,
});

describe('toSubscriberPreferencesResponse', () => {
  it('lists each workflow with the channels of its active steps, on by default', () => {
    const response = toSubscriberPreferencesResponse(stored(), [workflow('w1')]);
    expect(response.global).toEqual({
      enabled: true,
      channels: { email: true, sms: true, push: true, chat: true, in_app: true },
    });
    expect(response.workflows).toEqual([
      {
        enabled: true,
        channels: { email: true, in_app: true },
        overrides: [],
        workflow: { slug: 'w1-flow_wf_1', identifier: 'w1-flow', name: 'Flow w1', updatedAt: at.toISOString() },
        updatedAt: at.toISOString(),
      },
    ]);
  });

  it('resolves a workflow choice over a global one over the workflow default, and reports overrides', () => {
    const preferences = stored({
      global: { enabled: true, channels: { in_app: false } },
      workflows: [{ workflowId: 'w1', enabled: true, channels: { email: false } }],
    });
    const off = { ...DEFAULT_PREFERENCES, channels: { ...DEFAULT_PREFERENCES.channels, email: { enabled: false } } };
    const [first, second] = toSubscriberPreferencesResponse(preferences, [
      workflow('w1'),
      workflow('w2', { preferences: { user: null, workflow: off } }),
    ]).workflows;
    expect(first).toMatchObject({
      channels: { email: false, in_app: false },
      enabled: false,
      overrides: [
        { channel: 'email', source: 'subscriber' },
        { channel: 'in_app', source: 'subscriber' },
      ],
    });
    expect(second).toMatchObject({
      channels: { email: false, in_app: false },
      enabled: false,
      overrides: [{ channel: 'in_app', source: 'subscriber' }],
    });
  });

  it('lets critical and read-only workflows ignore the subscriber', () => {
    const preferences = stored({ global: { enabled: false, channels: {} } });
    const readOnly = { ...DEFAULT_PREFERENCES, all: { enabled: true, readOnly: true } };
    const [critical, locked, normal] = toSubscriberPreferencesResponse(preferences, [
      workflow('c', { critical: true }),
      workflow('r', { preferences: { user: readOnly, workflow: DEFAULT_PREFERENCES } }),
      workflow('n'),
    ]).workflows;
    expect(critical.channels).toEqual({ email: true, in_app: true });
    expect(locked.channels).toEqual({ email: true, in_app: true });
    expect(normal).toMatchObject({ enabled: false, channels: { email: false, in_app: false } });
  });
});
