import { buildWorkflowSnapshotFixture, type WorkflowStep } from '@herald/contracts';
import { decideStart, type StartInputs } from './start-decision';

const now = new Date('2026-05-10T10:00:00Z');
const workflow = buildWorkflowSnapshotFixture({ id: 'wf' });
const email: WorkflowStep = { stepId: 'email', name: 'Email', type: 'email', active: true, controlValues: { subject: 'x' } };
const inputs = (step: WorkflowStep, extra: Partial<StartInputs> = {}): StartInputs => ({
  workflow,
  step,
  subscriber: { subscriberId: 's', timezone: null },
  preferences: [],
  payload: { key: 'k1' },
  overrides: {},
  now,
  ...extra,
});

describe('decideStart', () => {
  it('dispatches a channel step the preferences allow', () => {
    expect(decideStart(inputs(email))).toEqual({ kind: 'dispatch' });
  });

  it('cancels with a reason: preference opt-out, true skip rule, deleted subscriber, bad delay', () => {
    expect(decideStart(inputs(email, { preferences: [{ workflowId: '', enabled: true, channels: { email: false } }] }))).toMatchObject({ kind: 'cancel', reason: expect.stringContaining('turned off email') });
    expect(decideStart(inputs({ ...email, controlValues: { skip: { '==': [{ var: 'payload.key' }, 'k1'] } } }))).toMatchObject({ kind: 'cancel', reason: expect.stringContaining('skip condition') });
    expect(decideStart(inputs(email, { subscriber: undefined }))).toEqual({ kind: 'cancel', reason: 'Subscriber no longer exists' });
    expect(decideStart(inputs({ stepId: 'd', name: 'd', type: 'delay', active: true, controlValues: { type: 'scheduled', delayPath: 'nope' } }))).toMatchObject({ kind: 'cancel' });
  });

  it('delays a delay step and plans a digest step', () => {
    expect(decideStart(inputs({ stepId: 'd', name: 'd', type: 'delay', active: true, controlValues: { amount: 1, unit: 'hours' } }))).toMatchObject({ kind: 'delay', runAt: new Date('2026-05-10T11:00:00Z') });
    expect(decideStart(inputs({ stepId: 'g', name: 'g', type: 'digest', active: true, controlValues: { amount: 10, unit: 'minutes', digestKey: 'key', lookBackWindow: { amount: 5, unit: 'minutes' } } }))).toMatchObject({
      kind: 'digest',
      plan: { key: 'k1', closesAt: new Date('2026-05-10T10:10:00Z'), lookBackMs: 300_000 },
    });
  });

  it('plans a throttle step, and cancels one whose window cannot be computed', () => {
    const throttle = (controlValues: Record<string, unknown>): WorkflowStep => ({ stepId: 't', name: 't', type: 'throttle', active: true, controlValues });
    expect(decideStart(inputs(throttle({ amount: 1, unit: 'hours', threshold: 3, throttleKey: 'key' })))).toEqual({
      kind: 'throttle',
      plan: { ok: true, key: 'k1', threshold: 3, countsUntil: new Date('2026-05-10T11:00:00Z'), window: 'in the last 1 hour' },
    });
    expect(decideStart(inputs(throttle({})))).toEqual({ kind: 'cancel', reason: 'Throttle canceled: amount is required for a fixed throttle' });
    expect(decideStart(inputs(throttle({ type: 'dynamic', dynamicKey: 'until' })))).toEqual({ kind: 'cancel', reason: 'Throttle canceled: the dynamic window key until is missing from the payload' });
    expect(decideStart(inputs(throttle({ amount: 1, unit: 'hours', skip: { '==': [1, 1] } })))).toMatchObject({ kind: 'cancel', reason: expect.stringContaining('skip condition') });
  });
});
