import { splitByRoom } from './dispatch-gate';

describe('splitByRoom', () => {
  it('sends the first items that fit and holds the rest, in arrival order', () => {
    expect(splitByRoom(['a', 'b', 'c', 'd'], 2)).toEqual({ send: ['a', 'b'], hold: ['c', 'd'] });
  });

  it('sends everything when there is room for more than the batch', () => {
    expect(splitByRoom(['a', 'b'], 500)).toEqual({ send: ['a', 'b'], hold: [] });
  });

  it('holds everything when the cap is reached', () => {
    expect(splitByRoom(['a', 'b'], 0)).toEqual({ send: [], hold: ['a', 'b'] });
  });
});
