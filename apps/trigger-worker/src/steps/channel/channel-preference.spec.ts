import { buildWorkflowSnapshotFixture } from '@herald/contracts';

import { planChannelStep, resolveChannelPreference } from './channel-preference';

const workflow = buildWorkflowSnapshotFixture({ id: 'wf-1' });

describe('resolveChannelPreference', () => {
  it('delivers by default', () => {
    expect(resolveChannelPreference(workflow, 'email', [])).toEqual({ allowed: true });
  });

  it('honours a global opt-out, and a per-workflow choice over it', () => {
    const global = { workflowId: '', enabled: true, channels: { email: false } };
    expect(resolveChannelPreference(workflow, 'email', [global])).toEqual({
      allowed: false,
      reason: expect.stringContaining('global'),
    });
    expect(
      resolveChannelPreference(workflow, 'email', [
        global,
        { workflowId: 'wf-1', enabled: true, channels: { email: true } },
      ]),
    ).toEqual({ allowed: true });
    expect(resolveChannelPreference(workflow, 'sms', [global])).toEqual({ allowed: true });
  });

  it('turns everything off when the subscriber disabled the workflow', () => {
    expect(
      resolveChannelPreference(workflow, 'in_app', [{ workflowId: 'wf-1', enabled: false, channels: {} }]).allowed,
    ).toBe(false);
  });

  it('lets critical workflows bypass preferences', () => {
    expect(
      resolveChannelPreference({ ...workflow, critical: true }, 'email', [
        { workflowId: '', enabled: false, channels: {} },
      ]),
    ).toEqual({ allowed: true });
  });

  it('uses the workflow default and ignores subscribers when read-only', () => {
    const readOnly = {
      ...workflow,
      preferences: { all: { enabled: true, readOnly: true }, channels: { sms: { enabled: false } } },
    };
    expect(
      resolveChannelPreference(readOnly, 'email', [{ workflowId: '', enabled: true, channels: { email: false } }]),
    ).toEqual({ allowed: true });
    expect(resolveChannelPreference(readOnly, 'sms', []).allowed).toBe(false);
  });
});

describe('planChannelStep', () => {
  const email = {
    stepId: 'email',
    name: 'Email',
    type: 'email',
    active: true,
    controlValues: { subject: 'x' },
  } as const;
  const inputs = {
    workflow,
    step: email,
    subscriber: { subscriberId: 's', timezone: null },
    payload: {},
    overrides: {},
    now: new Date(),
  };

  it('dispatches a channel step the preferences allow, and cancels one they turn off', () => {
    expect(planChannelStep({ ...inputs, preferences: [] })).toEqual({ ok: true });
    expect(
      planChannelStep({ ...inputs, preferences: [{ workflowId: '', enabled: true, channels: { email: false } }] }),
    ).toMatchObject({ ok: false, reason: expect.stringContaining('turned off email') });
  });
});
