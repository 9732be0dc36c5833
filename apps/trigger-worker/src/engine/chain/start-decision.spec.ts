import { buildWorkflowSnapshotFixture, type WorkflowStep } from '@herald/contracts';

import type { StepKind } from '../../steps/step-kind';
import { decideStart, type StartInputs } from './start-decision';

const now = new Date('2026-05-10T10:00:00Z');
const email: WorkflowStep = {
  stepId: 'email',
  name: 'Email',
  type: 'email',
  active: true,
  controlValues: { subject: 'x' },
};
const throttle: WorkflowStep = {
  stepId: 't',
  name: 't',
  type: 'throttle',
  active: true,
  controlValues: { amount: 1, unit: 'hours', skip: { '==': [1, 1] } },
};
const inputs = (step: WorkflowStep, extra: Partial<StartInputs> = {}): StartInputs => ({
  workflow: buildWorkflowSnapshotFixture({ id: 'wf' }),
  step,
  subscriber: { subscriberId: 's', timezone: null },
  preferences: [],
  payload: { key: 'k1' },
  overrides: {},
  now,
  ...extra,
});
const planning = (result: { ok: true; at: string } | { ok: false; reason: string }) => ({
  plan: jest.fn<ReturnType<StepKind['plan']>, Parameters<StepKind['plan']>>(() => result),
});

describe('decideStart', () => {
  it("gives the step kind's plan, or its reason to cancel", () => {
    const kind = planning({ ok: true, at: 'noon' });
    expect(decideStart(inputs(email), kind)).toEqual({ ok: true, at: 'noon' });
    expect(kind.plan).toHaveBeenCalledWith(
      expect.objectContaining({
        step: email,
        subscriber: { subscriberId: 's', timezone: null },
        payload: { key: 'k1' },
        now,
      }),
    );
    expect(
      decideStart(inputs(email), planning({ ok: false, reason: 'Subscriber turned off email (global preference)' })),
    ).toEqual({ ok: false, reason: 'Subscriber turned off email (global preference)' });
  });

  it('cancels before planning: deleted subscriber, true skip rule on any step kind', () => {
    const kind = planning({ ok: true, at: 'noon' });
    expect(decideStart(inputs(email, { subscriber: undefined }), kind)).toEqual({
      ok: false,
      reason: 'Subscriber no longer exists',
    });
    expect(
      decideStart(inputs({ ...email, controlValues: { skip: { '==': [{ var: 'payload.key' }, 'k1'] } } }), kind),
    ).toMatchObject({ ok: false, reason: expect.stringContaining('skip condition') });
    expect(decideStart(inputs(throttle), kind)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('skip condition'),
    });
    expect(kind.plan).not.toHaveBeenCalled();
  });
});
