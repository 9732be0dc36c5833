import { emailOverrideHeaderRefusal, MAX_EMAIL_OVERRIDE_HEADER_LENGTH } from './email-override-headers';

describe('emailOverrideHeaderRefusal', () => {
  it.each([
    ['X-Campaign', 'spring'],
    ['x-entity-ref-id', '42'],
    ['List-Unsubscribe', '<https://example.com/u/1>'],
    ['list-unsubscribe-post', 'List-Unsubscribe=One-Click'],
    ['In-Reply-To', '<a@example.com>'],
    ['Precedence', 'bulk'],
  ])('allows %s', (name, value) => {
    expect(emailOverrideHeaderRefusal(name, value)).toBeUndefined();
  });

  const standard = ['Sender', 'Return-Path', 'From', 'from', 'Reply-To', 'To', 'Cc', 'Bcc', 'Subject', 'Message-ID'];
  it.each([...standard, 'Content-Type', 'DKIM-Signature', 'Received'])('refuses the standard header %s', (name) => {
    expect(emailOverrideHeaderRefusal(name, 'x')).toMatch(/^is not an allowed header/);
  });

  it.each(['X-Herald-Delivery-Key', 'x-herald-delivery-key', 'X-HERALD-any'])('refuses Herald’s own %s', (name) => {
    expect(emailOverrideHeaderRefusal(name, 'forged')).toBe('is reserved: X-Herald-* headers are set by Herald');
  });

  it('refuses invalid names and values that could inject headers', () => {
    expect(emailOverrideHeaderRefusal('X Bad', 'v')).toMatch(/^is not a valid header name/);
    expect(emailOverrideHeaderRefusal('X-Bad:', 'v')).toMatch(/^is not a valid header name/);
    expect(emailOverrideHeaderRefusal('X-Bad', 'a\r\nBcc: evil@example.com')).toMatch(/one-line value/);
    expect(emailOverrideHeaderRefusal('X-Bad', 'a\u0000')).toMatch(/one-line value/);
    expect(emailOverrideHeaderRefusal('X-Tab', 'a\tb')).toBeUndefined();
    expect(emailOverrideHeaderRefusal('X-Num', 3)).toBe('must have a string value');
    const long = 'a'.repeat(MAX_EMAIL_OVERRIDE_HEADER_LENGTH + 1);
    expect(emailOverrideHeaderRefusal('X-Long', long)).toMatch(/at most 998/);
  });
});
