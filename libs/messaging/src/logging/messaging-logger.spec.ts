import { describeError } from './messaging-logger';

describe('describeError', () => {
  it('keeps the class of special errors and only the message of plain ones', () => {
    expect(describeError(new Error('boom'))).toBe('boom');
    expect(describeError(new TypeError('bad'))).toBe('TypeError: bad');
    expect(describeError('text')).toBe('text');
  });
});
