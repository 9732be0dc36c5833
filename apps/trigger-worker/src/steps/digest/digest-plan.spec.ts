import { buildWorkflowSnapshotFixture, type WorkflowStep } from '@herald/contracts';

import { planDigestStep } from './digest-plan';

const now = new Date('2026-05-10T10:00:00Z');
const digest = (controlValues: Record<string, unknown>): WorkflowStep => ({
  stepId: 'g',
  name: 'g',
  type: 'digest',
  active: true,
  controlValues,
});
const inputs = (step: WorkflowStep, timezone: string | null = null) => ({
  workflow: buildWorkflowSnapshotFixture(),
  step,
  subscriber: { timezone },
  preferences: [],
  payload: { key: 'k1' },
  overrides: {},
  now,
});

describe('planDigestStep', () => {
  it('plans a regular window with its key and look-back', () => {
    expect(
      planDigestStep(
        inputs(
          digest({ amount: 10, unit: 'minutes', digestKey: 'key', lookBackWindow: { amount: 5, unit: 'minutes' } }),
        ),
      ),
    ).toEqual({
      ok: true,
      key: 'k1',
      closesAt: new Date('2026-05-10T10:10:00Z'),
      lookBackMs: 300_000,
      window: '10 minutes',
    });
  });

  it('closes a timed window at the next cron tick in the subscriber timezone', () => {
    expect(planDigestStep(inputs(digest({ type: 'timed', cron: '0 9 * * *' }), 'America/New_York'))).toMatchObject({
      ok: true,
      key: '',
      closesAt: new Date('2026-05-10T13:00:00Z'),
    });
  });

  it('cancels with the reason when the controls are invalid or the window cannot be computed', () => {
    expect(planDigestStep(inputs(digest({ type: 'regular' })))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^Digest canceled: /),
    });
    expect(planDigestStep(inputs(digest({ type: 'timed', cron: 'every day' })))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^Digest canceled: .*5 fields/),
    });
  });
});
