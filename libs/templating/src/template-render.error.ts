/**
 * A template that cannot be parsed or rendered. It is the template author's mistake, so it never
 * gets better by retrying: runners report it as a permanent failure, with this message (which
 * names the control and Liquid's reason, never the payload's values) in the activity feed.
 */
export class TemplateRenderError extends Error {
  /** Stable code for status events. */
  readonly code = 'template_error';

  constructor(
    /** Where in the step's controls the template sits, e.g. `subject` or `primaryAction.label`. */
    readonly path: string,
    /** Liquid's explanation (line and column included). */
    readonly reason: string,
  ) {
    super(`Template error in ${path || 'template'}: ${reason}`);
    this.name = 'TemplateRenderError';
  }
}
