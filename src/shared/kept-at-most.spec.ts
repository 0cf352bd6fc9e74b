import { keepAtMost } from './kept-at-most';

describe('keepAtMost', () => {
  it('drops the oldest entries of a map or a set until it holds the most it may', () => {
    const map = new Map([
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ]);
    keepAtMost(map, 2);
    expect([...map.keys()]).toEqual(['b', 'c']);
    const set = new Set(['x', 'y', 'z']);
    keepAtMost(set, 1);
    expect([...set]).toEqual(['z']);
    keepAtMost(set, 5);
    expect([...set]).toEqual(['z']);
  });
});
