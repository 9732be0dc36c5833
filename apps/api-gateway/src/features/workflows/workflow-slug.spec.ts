import { defaultStepId, slugify, stepSlug, workflowSlug } from './workflow-slug';

describe('slugs', () => {
  it('slugifies names to lower-case ASCII words joined by dashes', () => {
    expect(slugify('Comment created!')).toBe('comment-created');
    expect(slugify('  Ünïcödé — Crème brûlée  ')).toBe('unicode-creme-brulee');
    expect(slugify('日本語')).toBe('');
    expect(slugify('a'.repeat(150))).toHaveLength(100);
  });

  it('makes Novu-shaped workflow and step slugs from the name and the id', () => {
    const id = '0f8fad5b-d9cb-469f-a165-70867728950e';
    expect(workflowSlug('Comment created', id)).toBe('comment-created_wf_0f8fad5bd9cb469f');
    expect(stepSlug('In-app', id)).toBe('in-app_st_0f8fad5bd9cb469f');
    expect(workflowSlug('!!!', id)).toBe('workflow_wf_0f8fad5bd9cb469f');
  });

  it('derives a stepId from the name, or from the position when the name has no letters', () => {
    expect(defaultStepId('Send Email', 0)).toBe('send-email');
    expect(defaultStepId('📣', 2)).toBe('step-3');
  });
});
