/**
 * An email step's layout travels in its controls: the gateway resolves the step's `layoutId` (or the
 * environment's default layout) at trigger time into `controlValues.layout`, the layout's HTML with
 * its `{{{body}}}` placeholder replaced by {@link EMAIL_LAYOUT_BODY_MARK}. runner-email renders it as
 * HTML like the body, then puts the rendered body at the mark. A mark a payload value carries is
 * escaped by then (`<` → `&lt;`), so only the layout's own mark is replaced.
 */
export const EMAIL_LAYOUT_CONTROL = 'layout';

/** Where the rendered body goes in a rendered layout. */
export const EMAIL_LAYOUT_BODY_MARK = '<!--herald:layout-body-->';

/** The email's HTML: the rendered body inside the rendered layout, or the body alone without one. */
export function wrapInLayout(body: string, layout: unknown): string {
  if (typeof layout !== 'string' || !layout.includes(EMAIL_LAYOUT_BODY_MARK)) return body;
  return layout.replace(EMAIL_LAYOUT_BODY_MARK, () => body);
}
