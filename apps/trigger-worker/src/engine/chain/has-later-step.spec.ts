import { buildWorkflowSnapshotFixture } from '@herald/contracts';

import type { StoredEvent } from './event.repository';
import { hasLaterStep } from './job-context.loader';

function eventWith(actives: boolean[]): StoredEvent {
  const workflow = buildWorkflowSnapshotFixture();
  const template = workflow.steps[0];
  const steps = actives.map((active, index) => ({ ...template, stepId: `step-${index}`, active }));
  return { workflow: { ...workflow, steps } } as unknown as StoredEvent;
}

describe('hasLaterStep', () => {
  it('is false for the last step and for a step followed only by inactive ones', () => {
    expect(hasLaterStep(eventWith([true, true, true]), { stepIndex: 2 })).toBe(false);
    expect(hasLaterStep(eventWith([true, false, false]), { stepIndex: 0 })).toBe(false);
  });

  it('is true when an active step follows, inactive ones in between or not', () => {
    expect(hasLaterStep(eventWith([true, true]), { stepIndex: 0 })).toBe(true);
    expect(hasLaterStep(eventWith([true, false, true]), { stepIndex: 0 })).toBe(true);
  });
});
