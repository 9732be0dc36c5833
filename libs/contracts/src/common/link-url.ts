/** The schemes a link (redirect, action) may use; anything else is refused. Relative URLs have none. */
export const SAFE_LINK_URL_SCHEMES = ['http', 'https'] as const;

/** A URL's scheme as a browser's URL parser finds it: a letter, then letters, digits, `+`, `-`, `.`, then `:`. */
const SCHEME = /^([a-z][a-z0-9+.-]*):/i;
/** Browsers drop tab, LF and CR anywhere in a URL before parsing it (`java\tscript:` is `javascript:`). */
const DROPPED_ANYWHERE = /[\t\n\r]/g;
/** ...and trim C0 controls and spaces at both ends. */
const TRIMMED_AT_ENDS = /^[\u0000-\u0020]+|[\u0000-\u0020]+$/g;
const CONTROL = /[\u0000-\u001f\u007f]/;
/** The part of a relative URL before its path, query or fragment. */
const FIRST_SEGMENT = /^[^/?#\\]*/;

/**
 * Why `url` may not be used as a link an end user follows (an inbox redirect or action, an email
 * button), or undefined when it may: only `http:`/`https:` URLs and relative URLs (`/posts/1`,
 * `?tab=2`, `//cdn.example.com/x`) pass, so `javascript:`, `data:`, `vbscript:` and every other
 * scheme are refused however they are spelled (any case, leading spaces or controls, tabs or line
 * breaks inside the scheme). A relative URL whose first segment holds `:` or `&` is refused too: an
 * HTML decoder could turn `javascript&colon;` into a scheme. The reason never repeats the URL
 * (it may carry tokens). Runners refuse such a job (issue 13, decision 0028); the gateway answers
 * 422 with the same rule.
 */
export function linkUrlRefusal(url: string): string | undefined {
  const normalized = url.replace(DROPPED_ANYWHERE, '').replace(TRIMMED_AT_ENDS, '');
  if (CONTROL.test(normalized)) return 'must not contain control characters';
  const scheme = SCHEME.exec(normalized)?.[1]?.toLowerCase();
  if (scheme !== undefined) {
    const allowed = (SAFE_LINK_URL_SCHEMES as readonly string[]).includes(scheme);
    return allowed ? undefined : `must be an http(s) or relative URL (${scheme}: is not allowed)`;
  }
  const first = FIRST_SEGMENT.exec(normalized)?.[0] ?? '';
  if (!/[:&]/.test(first)) return undefined;
  return 'must be an http(s) or relative URL (its first segment may not contain ":" or "&")';
}

/** True when `url` may be used as a link (see {@link linkUrlRefusal}). */
export function isSafeLinkUrl(url: string): boolean {
  return linkUrlRefusal(url) === undefined;
}
