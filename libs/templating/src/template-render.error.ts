/**
 * A template that cannot be parsed or rendered. It is the template author's mistake, so it never
 * gets better by retrying: runners report it as a permanent failure, with this message (which
 * names the control and Liquid's reason, never the payload's values) in the activity feed.
 */
export class TemplateRenderError extends Error {
  /** Stable code for status events. */
  readonly code: string = 'template_error';

  constructor(
    /** Where in the step's controls the template sits, e.g. `subject` or `primaryAction.label`. */
    readonly path: string,
    /** Liquid's explanation (line and column included). */
    readonly reason: string,
    message = `Template error in ${path || 'template'}: ${reason}`,
  ) {
    super(message);
    this.name = 'TemplateRenderError';
  }
}

/**
 * The job's templates together passed the render budget (time, output, memory or source; see
 * `RenderBudget`). Permanent like any template error: the same job would fail the same way again.
 */
export class TemplateBudgetError extends TemplateRenderError {
  override readonly code = 'template_budget_exceeded';

  constructor(path: string, reason: string) {
    super(path, reason, `Template exceeded its render budget: ${reason} (at ${path || 'template'})`);
    this.name = 'TemplateBudgetError';
  }
}
