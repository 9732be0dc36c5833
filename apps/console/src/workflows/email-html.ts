/** The attribute an email's `style` attributes are renamed to before parsing (applied later through the CSSOM). */
export const STYLE_MARK = 'data-herald-style';

/**
 * Renames every `style` attribute of the HTML's tags to {@link STYLE_MARK}, before the browser
 * parses it: Chrome reports a Content-Security-Policy violation for a style attribute even in a
 * DOMParser document, and the console's CSP refuses inline styles. A tag this misses keeps its
 * `style`, which the CSP then refuses (the text still shows), so a miss costs looks, never safety.
 */
export function markStyleAttributes(html: string): string {
  return html.replace(/<[a-zA-Z][^>]*>/g, (tag) => tag.replace(/(\s)style(\s*=)/gi, `$1${STYLE_MARK}$2`));
}
