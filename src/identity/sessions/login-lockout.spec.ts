import { FIRST_SLOW_DOWN_MS, slowDownFor } from './login-lockout';

describe('the slow-down of an email failed from many places', () => {
  it.each([
    [0, 0],
    [4, 0],
    [5, FIRST_SLOW_DOWN_MS],
    [6, FIRST_SLOW_DOWN_MS * 2],
    [7, FIRST_SLOW_DOWN_MS * 4],
    [8, 2000],
    [500, 2000],
  ])('after %i failures (threshold 5, at most 2 s): %i ms', (failures, ms) =>
    expect(slowDownFor(failures, 5, 2000)).toBe(ms),
  );

  it('never waits longer than the configured most, even when that is below the first step', () =>
    expect(slowDownFor(9, 5, 100)).toBe(100));
});
