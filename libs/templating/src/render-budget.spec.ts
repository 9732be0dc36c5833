import { buildJobDispatchFixture } from '@herald/contracts';

import { RenderBudget } from './render-budget';
import { buildTemplateContext } from './template-context';
import { TemplateBudgetError, TemplateRenderError } from './template-render.error';
import { TemplateRenderer } from './template-renderer';

const blob = 'x'.repeat(1_000);
const context = buildTemplateContext(buildJobDispatchFixture({ payload: { blob, big: 'y'.repeat(100_000) } }));
const failureOf = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

/** A job's controls share one render budget (decision 0029). */
describe('TemplateRenderer: the render budget is per job', () => {
  const renderer = new TemplateRenderer();

  it('counts loop output: a {% for %} repeating a 100 KB value fails with the budget reason', async () => {
    const error = await failureOf(
      renderer.render('{% for i in (1..100) %}{{ payload.big }}{% endfor %}', context, 'body'),
    );
    expect(error).toBeInstanceOf(TemplateBudgetError);
    expect(error).toMatchObject({ code: 'template_budget_exceeded', path: 'body' });
    expect((error as Error).message).toBe(
      'Template exceeded its render budget: output over 2000000 characters (at body)',
    );
  });

  it('counts capture output: doubling a string does not run out of memory', async () => {
    const doubling =
      '{% assign x = "ab" %}{% for i in (1..40) %}{% capture x %}{{x}}{{x}}{% endcapture %}{% endfor %}{{ x }}';
    const error = await failureOf(renderer.render(doubling, context, 'subject'));
    expect(error).toBeInstanceOf(TemplateBudgetError);
    expect((error as Error).message).toMatch(/output over 2000000 characters/);
  });

  it('shares the output budget across 30 controls that each fit alone', async () => {
    const control = '{% for i in (1..70) %}{{ payload.blob }}{% endfor %}';
    expect(await renderer.render(control, context)).toHaveLength(70_000);
    const controls = { data: Object.fromEntries(Array.from({ length: 30 }, (_, index) => [`c${index}`, control])) };
    const error = await failureOf(renderer.renderControls(controls, context));
    expect(error).toBeInstanceOf(TemplateBudgetError);
    // 28 controls (1.96 M characters) fit; the 29th passes 2 M.
    expect(error).toMatchObject({ path: 'data.c28', reason: 'output over 2000000 characters' });
  });

  it('shares the time budget across controls (a clock that advances 10 ms per reading)', async () => {
    let clock = 0;
    const timed = new TemplateRenderer({ now: () => (clock += 10) });
    const controls = Object.fromEntries(
      Array.from({ length: 30 }, (_, index) => [`c${index}`, '{% for i in (1..3) %}{{ i }}{% endfor %}']),
    );
    const error = await failureOf(timed.renderControls(controls, context));
    expect(error).toBeInstanceOf(TemplateBudgetError);
    expect(error).toMatchObject({ reason: 'took longer than 1000 ms' });
    expect(Number((error as TemplateBudgetError).path.slice(1))).toBeGreaterThan(0);
  });

  it('shares liquidjs memory accounting across controls', async () => {
    const small = new TemplateRenderer({ budget: { memory: 1_000 } });
    const control = '{% assign r = (1..600) %}{{ r | size }}';
    expect(await small.render(control, context)).toBe('600');
    const error = await failureOf(small.renderControls({ a: control, b: control }, context));
    expect(error).toMatchObject({ path: 'b', reason: 'allocated more than 1000 memory units' });
  });

  it('bounds the template source of a job', async () => {
    const small = new TemplateRenderer({ budget: { sourceChars: 10 } });
    const error = await failureOf(small.renderControls({ subject: 'short', body: 'longer text' }, context));
    expect(error).toMatchObject({ path: 'body', reason: 'templates longer than 10 characters' });
  });

  it('gives every job a fresh budget, and keeps template errors apart', async () => {
    const small = new TemplateRenderer({ budget: { outputChars: 10 } });
    await expect(small.renderControls({ a: '{{ payload.blob }}' }, context)).rejects.toBeInstanceOf(
      TemplateBudgetError,
    );
    expect(await small.renderControls({ a: 'ok {{ "x" }}' }, context)).toEqual({ a: 'ok x' });
    const invalid = await failureOf(small.render('{{ x | nope }}', context, 'a'));
    expect(invalid).toBeInstanceOf(TemplateRenderError);
    expect(invalid).not.toBeInstanceOf(TemplateBudgetError);
  });

  it('lets a caller pass one budget through several calls', async () => {
    const budget = new RenderBudget({ timeMs: 1_000, outputChars: 1_500, memory: 1_000_000, sourceChars: 10_000 });
    await renderer.render('{{ payload.blob }}', context, 'a', 'text', budget);
    await expect(renderer.render('{{ payload.blob }}', context, 'b', 'text', budget)).rejects.toMatchObject({
      path: 'b',
    });
  });
});
