import { useCallback, useEffect, useRef } from 'react';

import { splitEmailHtml, STYLE_MARK } from './email-html';

/** Elements an email's HTML may not bring into the preview: nothing that runs, loads a page or submits. */
const DROPPED = 'script, iframe, frame, frameset, object, embed, link, meta, base, form, noscript';
/** A `url(…)` that is not a data: URL: the console's CSP does not load it (`img-src 'self' data:`). */
const REMOTE_URL = /url\(\s*(?!['"]?data:)[^)]*\)/gi;

/**
 * The email's HTML made fit for the preview frame: parsed inert (DOMParser runs and loads nothing),
 * with scripts, frames, forms and event handlers removed, remote images left out (their alt text
 * stays), its CSS and style attributes set aside before parsing ({@link splitEmailHtml}) and
 * applied through the CSSOM — the frame inherits the console's Content-Security-Policy, which
 * refuses style attributes and `<style>` elements in markup.
 */
function prepare(html: string): { body: HTMLElement; css: string } {
  const split = splitEmailHtml(html);
  const parsed = new DOMParser().parseFromString(split.html, 'text/html');
  parsed.querySelectorAll(`style, ${DROPPED}`).forEach((element) => element.remove());
  for (const element of parsed.body.querySelectorAll('*')) {
    for (const { name, value } of [...element.attributes]) {
      const lower = name.toLowerCase();
      if (lower.startsWith('on')) element.removeAttribute(name);
      else if (['href', 'src', 'action', 'formaction', 'xlink:href'].includes(lower) && /^\s*javascript:/i.test(value))
        element.removeAttribute(name);
      else if (lower === 'srcset') element.removeAttribute(name);
      else if (lower === 'src' && !/^\s*data:/i.test(value)) {
        element.removeAttribute(name);
        element.setAttribute('data-remote-src', value);
      } else if (lower === STYLE_MARK) element.setAttribute(STYLE_MARK, value.replace(REMOTE_URL, 'none'));
      else if (lower === 'background') element.removeAttribute(name);
    }
  }
  return { body: parsed.body, css: split.css.replace(REMOTE_URL, 'none') };
}

/**
 * An email's HTML as the recipient's client would lay it out, in an iframe sandboxed without
 * `allow-scripts` (nothing in it runs, not even event handlers) and filled by the console through the DOM.
 */
export function EmailFrame({ html, title, testId }: { html: string; title: string; testId?: string }) {
  const frame = useRef<HTMLIFrameElement>(null);

  const fill = useCallback(() => {
    const document = frame.current?.contentDocument;
    const view = frame.current?.contentWindow as (Window & typeof globalThis) | null | undefined;
    if (!document || !view || !document.body) return;
    const { body, css } = prepare(html);
    const imported = document.importNode(body, true);
    for (const element of imported.querySelectorAll<HTMLElement>(`[${STYLE_MARK}]`)) {
      element.style.cssText = element.getAttribute(STYLE_MARK) ?? '';
      element.removeAttribute(STYLE_MARK);
    }
    document.body.replaceWith(imported);
    try {
      const sheet = new view.CSSStyleSheet();
      sheet.replaceSync(css);
      document.adoptedStyleSheets = [sheet];
    } catch {
      document.adoptedStyleSheets = []; // CSS the browser cannot parse is left out, as a mail client would.
    }
  }, [html]);

  useEffect(fill, [fill]);

  return (
    <iframe
      ref={frame}
      className="email-preview"
      // Same origin so the console can fill it; without allow-scripts nothing in it ever runs.
      sandbox="allow-same-origin"
      srcDoc='<!doctype html><html lang="en"><head><title>Email preview</title></head><body></body></html>'
      title={title}
      onLoad={fill}
      data-testid={testId}
    />
  );
}
