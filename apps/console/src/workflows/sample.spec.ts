import { errorSentence } from '../api/console-api.error';
import { splitEmailHtml } from './email-html';
import { isHtmlField, parseSamplePayload, previewFields, previewText } from './sample';

describe('parseSamplePayload', () => {
  it('reads a JSON object, and an empty box as {}', () => {
    expect(parseSamplePayload('{"name": "Ada"}')).toEqual({ ok: true, payload: { name: 'Ada' } });
    expect(parseSamplePayload('  ')).toEqual({ ok: true, payload: {} });
  });

  it('says what is wrong with anything else', () => {
    const broken = parseSamplePayload('{"name": ');
    expect(broken.ok).toBe(false);
    expect(!broken.ok && broken.error).toMatch(/^The sample payload is not valid JSON/);
    expect(parseSamplePayload('[1]')).toEqual({
      ok: false,
      error: 'The sample payload must be a JSON object, such as {"name": "Ada"}.',
    });
  });
});

describe('preview fields', () => {
  it('puts subject and body first and drops empty fields', () => {
    expect(previewFields({ avatar: '', redirect: { url: '/x' }, body: 'b', subject: 's' })).toEqual([
      ['subject', 's'],
      ['body', 'b'],
      ['redirect', { url: '/x' }],
    ]);
    expect(previewText({ url: '/x' })).toBe('{\n  "url": "/x"\n}');
    expect(isHtmlField('email', 'body')).toBe(true);
    expect(isHtmlField('in_app', 'body')).toBe(false);
  });
});

describe('a 422 names the field', () => {
  it('turns the errors into one sentence', () => {
    expect(errorSentence(422, 'unknown filter', { 'controlValues.body': { messages: ['unknown filter: nope'] } })).toBe(
      'Herald refused controlValues.body (unknown filter: nope); correct it and try again.',
    );
    expect(errorSentence(422, 'Validation Error')).toMatch(/^Herald refused the filter or request/);
  });
});

describe('splitEmailHtml', () => {
  it('renames style attributes inside tags only', () => {
    expect(splitEmailHtml('<p style="color: red" class="a">style="x" <b STYLE = "b">t</b></p>')).toEqual({
      html: '<p data-herald-style="color: red" class="a">style="x" <b data-herald-style = "b">t</b></p>',
      css: '',
    });
  });

  it('takes the CSS of <style> elements out', () => {
    expect(splitEmailHtml('<STYLE type="text/css">p { color: red }</style ><p>x</p><style>b {}')).toEqual({
      html: '<p>x</p>',
      css: 'p { color: red }\nb {}',
    });
  });
});
