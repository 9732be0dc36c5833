import { EMAIL_LAYOUT_BODY_MARK, wrapInLayout } from './email-layout';

describe('wrapInLayout', () => {
  it('puts the body at the mark, once, taking $ patterns literally', () => {
    const layout = `<html><body><header/>${EMAIL_LAYOUT_BODY_MARK}<footer/></body></html>`;
    expect(wrapInLayout('<p>Hi $& $1</p>', layout)).toBe('<html><body><header/><p>Hi $& $1</p><footer/></body></html>');
  });

  it('leaves the body alone without a layout, or with one that lost its mark', () => {
    expect(wrapInLayout('<p>Hi</p>', undefined)).toBe('<p>Hi</p>');
    expect(wrapInLayout('<p>Hi</p>', '<div>no mark</div>')).toBe('<p>Hi</p>');
  });
});
