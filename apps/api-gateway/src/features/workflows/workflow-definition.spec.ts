import { workflowSnapshotSchema } from '@herald/contracts';

import { GatewayException } from '../../core/errors/gateway.exception';
import { nextVersion, toSnapshot } from './workflow-definition';
import { applyPatch, buildDefinition } from './workflow-definition.builder';
import { createWorkflowBodySchema } from './workflow-request.schema';

const body = createWorkflowBodySchema.parse({
  name: 'Comment created',
  workflowId: 'comment-created',
  steps: [
    { name: 'In-app', type: 'in_app', controlValues: { body: 'Hi {{subscriber.firstName}}' } },
    { name: 'Wait', type: 'delay', controlValues: { amount: 5, unit: 'minutes' } },
    { name: 'Digest', type: 'digest', active: false, controlValues: { amount: 1, unit: 'hours', digestKey: 'postId' } },
    {
      name: 'Email',
      stepId: 'mail',
      type: 'email',
      controlValues: { subject: 'New comment', skip: { '==': [{ var: 'payload.muted' }, true] } },
    },
  ],
});

describe('workflow definitions', () => {
  it('builds a definition whose snapshot validates against the trigger contract', () => {
    const definition = buildDefinition(body);
    expect(definition.steps.map((step) => [step.stepId, step.active])).toEqual([
      ['in-app', true],
      ['wait', true],
      ['digest', false],
      ['mail', true],
    ]);
    const snapshot = toSnapshot({
      id: '0f8fad5b-d9cb-469f-a165-70867728950e',
      identifier: 'comment-created',
      version: 3,
      definition,
    });
    expect(workflowSnapshotSchema.parse(snapshot)).toEqual(snapshot);
    expect(snapshot).toMatchObject({
      version: 3,
      active: true,
      critical: false,
      preferences: { all: { enabled: true, readOnly: false } },
    });
  });

  it('keeps step ids across versions when the stepId stays', () => {
    const first = buildDefinition(body);
    const second = buildDefinition({ ...body, steps: [...body.steps].reverse() }, first);
    expect(second.steps.find((step) => step.stepId === 'mail')?._id).toBe(
      first.steps.find((step) => step.stepId === 'mail')?._id,
    );
  });

  it('bumps the version only when something changed', () => {
    const definition = buildDefinition(body);
    expect(nextVersion(4, definition, applyPatch(definition, { name: 'Comment created' }))).toBe(4);
    expect(nextVersion(4, definition, applyPatch(definition, { active: false }))).toBe(5);
    expect(nextVersion(4, definition, { ...definition, steps: definition.steps.slice(1) })).toBe(5);
  });

  it('refuses two steps with the same stepId, naming the second', () => {
    const duplicated = { ...body, steps: [body.steps[0], { ...body.steps[0], name: 'In app' }] };
    try {
      buildDefinition(duplicated);
      throw new Error('expected a validation error');
    } catch (error) {
      expect(error).toBeInstanceOf(GatewayException);
      expect((error as GatewayException).detail).toMatchObject({ errors: { 'steps[1].stepId': { value: 'in-app' } } });
    }
  });

  it('lets a user preference override win over the workflow default', () => {
    const definition = buildDefinition({
      ...body,
      preferences: {
        workflow: { all: { enabled: true, readOnly: false }, channels: {} },
        user: { all: { enabled: false, readOnly: true }, channels: { email: { enabled: true } } },
      },
    });
    expect(toSnapshot({ id: 'x', identifier: 'y', version: 1, definition }).preferences).toEqual({
      all: { enabled: false, readOnly: true },
      channels: { email: { enabled: true } },
    });
  });
});
