/** The attribute an email's `style` attributes are renamed to before parsing (applied later through the CSSOM). */
export const STYLE_MARK = 'data-herald-style';

/** A `<style>` element: raw text up to the first `</style`, as the HTML tokenizer reads it. */
const STYLE_ELEMENT = /<style\b[^>]*>([\s\S]*?)(?:<\/style\s*>|$)/gi;

/**
 * An email's HTML made ready for parsing under the console's Content-Security-Policy, which refuses
 * inline styles — and Chrome reports a violation for them even in a DOMParser document. Its
 * `<style>` elements are taken out (their CSS returned, to be adopted as a constructed stylesheet)
 * and every `style` attribute is renamed to {@link STYLE_MARK} (set through the CSSOM later). A tag
 * this misses keeps its `style`, which the CSP then refuses: a miss costs looks, never safety.
 */
export function splitEmailHtml(html: string): { html: string; css: string } {
  const css: string[] = [];
  const withoutStyles = html.replace(STYLE_ELEMENT, (_element, text: string) => {
    css.push(text);
    return '';
  });
  const marked = withoutStyles.replace(/<[a-zA-Z][^>]*>/g, (tag) =>
    tag.replace(/(\s)style(\s*=)/gi, `$1${STYLE_MARK}$2`),
  );
  return { html: marked, css: css.join('\n') };
}
