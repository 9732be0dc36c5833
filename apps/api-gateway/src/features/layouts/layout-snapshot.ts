import {
  EMAIL_LAYOUT_BODY_MARK,
  EMAIL_LAYOUT_CONTROL,
  templateSizeProblem,
  type WorkflowSnapshot,
} from '@herald/contracts';
import { Injectable } from '@nestjs/common';

import { GatewayException } from '../../core/errors/gateway.exception';
import { LayoutRecord, LayoutRepository } from './layout.repository';
import { BODY_PLACEHOLDER } from './layout.schema';

type Step = WorkflowSnapshot['steps'][number];

/** Which layout an email step asks for: `null` none, a string that one, `undefined` the default. */
function layoutRefOf(step: Step): string | null | undefined {
  if (step.type !== 'email') return null;
  const ref = step.controlValues.layoutId;
  return ref === null ? null : typeof ref === 'string' && ref !== '' ? ref : undefined;
}

/**
 * Puts each email step's layout into the snapshot a trigger queues (decision 0040): the step's
 * `layoutId` (id or identifier), else the environment's default layout when one is set, else none;
 * `layoutId: null` asks for none. Done at trigger time so a layout edit reaches the next trigger and a
 * queued trigger keeps what it was validated with. One query, and only for workflows with email steps.
 */
@Injectable()
export class LayoutSnapshots {
  constructor(private readonly layouts: LayoutRepository) {}

  async apply(environmentId: string, snapshot: WorkflowSnapshot): Promise<WorkflowSnapshot> {
    const wanted = snapshot.steps.map(layoutRefOf);
    if (wanted.every((ref) => ref === null)) return snapshot;
    const refs = wanted.filter((ref): ref is string => typeof ref === 'string');
    const found = await this.layouts.forTrigger(environmentId, refs);
    if (found.length === 0) return snapshot;
    const byRef = (ref: string) => found.find((layout) => layout.id === ref || layout.identifier === ref);
    const fallback = found.find((layout) => layout.isDefault);
    return {
      ...snapshot,
      steps: snapshot.steps.map((step, index) => {
        const ref = wanted[index];
        if (ref === null) return step;
        const layout = (ref === undefined ? undefined : byRef(ref)) ?? fallback;
        return layout ? withLayout(step, layout) : step;
      }),
    };
  }
}

/** The controls an email step is rendered with: its own plus the layout it would get now (the preview's view). */
export async function withCurrentLayout(
  snapshots: LayoutSnapshots,
  environmentId: string,
  step: Pick<Step, 'type' | 'stepId' | 'controlValues'>,
): Promise<Step['controlValues']> {
  const [applied] = (await snapshots.apply(environmentId, { steps: [step] } as unknown as WorkflowSnapshot)).steps;
  return applied.controlValues;
}

function withLayout(step: Step, layout: LayoutRecord): Step {
  const controlValues = {
    ...step.controlValues,
    [EMAIL_LAYOUT_CONTROL]: layout.content.replace(BODY_PLACEHOLDER, EMAIL_LAYOUT_BODY_MARK),
  };
  const problem = templateSizeProblem(controlValues);
  if (problem)
    throw GatewayException.invalidField(
      'layoutId',
      [`layout ${layout.identifier} ${problem.message} with step ${step.stepId}`],
      layout.identifier,
    );
  return { ...step, controlValues } as Step;
}
