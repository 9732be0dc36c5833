import sanitizeHtml, { type IOptions } from 'sanitize-html';

/**
 * Novu's options for in-app content (`libs/application-generic`, `sanitizer.service.ts`):
 * sanitize-html's default tags plus `style` and `img`, its default attributes plus `style` on
 * every tag and the usual `img` attributes, and its default URL schemes (http, https, ftp,
 * mailto, tel). Scripts, event handlers (`onerror`, `onclick`), iframes and `javascript:` links
 * are removed. `style` stays because Novu's in-app editor produces it (Novu accepts the risk of
 * CSS-based attacks on old browsers; so do we, to render the same content the same way).
 */
const NOVU_IN_APP_OPTIONS: IOptions = {
  allowedTags: sanitizeHtml.defaults.allowedTags.concat(['style', 'img']),
  allowedAttributes: {
    ...sanitizeHtml.defaults.allowedAttributes,
    '*': ['style'],
    img: ['src', 'srcset', 'alt', 'title', 'width', 'height', 'loading'],
  },
  allowVulnerableTags: true,
  parseStyleAttributes: false,
};

/**
 * Sanitizes one piece of in-app content (subject, body, action label) as Novu does. Text comes
 * back HTML-encoded where it holds markup characters (`&` → `&amp;`), as in Novu, because inbox
 * clients render these fields as HTML.
 */
export function sanitizeInboxHtml(html: string): string {
  return html ? sanitizeHtml(html, NOVU_IN_APP_OPTIONS) : html;
}
