import { displayBody, messages } from './dead-letter-body';

describe('displayBody', () => {
  it('pretty-prints JSON', () => {
    expect(displayBody('{"a":1}', false)).toBe('{\n  "a": 1\n}');
  });

  it('shows other text as it is, and says where it was cut', () => {
    expect(displayBody('not json', false)).toBe('not json');
    expect(displayBody('{"a":', true)).toBe('{"a":\n… (cut at 16 KiB)');
  });

  it('counts messages', () => {
    expect([messages(0), messages(1), messages(2)]).toEqual(['0 messages', '1 message', '2 messages']);
  });
});
