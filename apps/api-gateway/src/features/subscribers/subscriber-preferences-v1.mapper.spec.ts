import type { WorkerSubscriberPreferences } from '@herald/contracts';

import { DEFAULT_PREFERENCES, type WorkflowDefinition, type WorkflowRecord } from '../workflows/workflow-definition';
import { toV1GlobalPreference, toV1WorkflowPreferences } from './subscriber-preferences-v1.mapper';

const at = new Date('2026-01-01T00:00:00.000Z');

function workflow(id: string, definition: Partial<WorkflowDefinition> = {}): WorkflowRecord {
  const step = (type: 'email' | 'in_app') => ({
    _id: `${id}-${type}`,
    stepId: type,
    name: type,
    type,
    active: true,
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
      tags: ['t'],
      active: true,
      critical: false,
      severity: 'none',
      isTranslationEnabled: false,
      validatePayload: false,
      payloadSchema: null,
      steps: [step('email'), step('in_app')],
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

describe('toV1WorkflowPreferences', () => {
  it("answers Novu v1's template shape with the channels of the workflow's steps", () => {
    expect(toV1WorkflowPreferences(stored(), [workflow('w1')])).toEqual([
      {
        template: {
          _id: 'w1',
          name: 'Flow w1',
          tags: ['t'],
          critical: false,
          triggers: [{ type: 'event', identifier: 'w1-flow', variables: [] }],
        },
        preference: { enabled: true, channels: { email: true, in_app: true }, overrides: [] },
      },
    ]);
  });

  it("carries the subscriber's workflow switch and channel choices, global ones included", () => {
    const [entry] = toV1WorkflowPreferences(
      stored({
        global: { enabled: true, channels: { email: false } },
        workflows: [{ workflowId: 'w1', enabled: false, channels: { in_app: false } }],
      }),
      [workflow('w1')],
    );
    expect(entry.preference).toMatchObject({ enabled: false, channels: { email: false, in_app: false } });
  });

  it('lists the channels no step uses, as the global switches set them, when asked', () => {
    const [entry] = toV1WorkflowPreferences(
      stored({ global: { enabled: true, channels: { sms: false } } }),
      [workflow('w1')],
      true,
    );
    expect(entry.preference.channels).toEqual({ email: true, in_app: true, sms: false, push: true, chat: true });
  });
});

describe('toV1GlobalPreference', () => {
  it('answers every channel, on unless the subscriber turned it off', () => {
    expect(toV1GlobalPreference(stored({ global: { enabled: false, channels: { push: false } } }))).toEqual({
      preference: { enabled: false, channels: { email: true, sms: true, push: false, chat: true, in_app: true } },
    });
  });
});
