import { fromCents, toCents } from './money';

describe('money', () => {
  it.each([
    [65, 6500],
    [65.5, 6550],
    [0.1, 10],
    [199.99, 19999],
    [0.07, 7],
  ])('%p CAD is %p cents', (amount, cents) => expect(toCents(amount)).toBe(cents));

  it.each([65.555, -1, NaN, Infinity])('refuses %p', (amount) => expect(toCents(amount)).toBeNull());

  it.each([
    [6500, 65],
    [6550, 65.5],
    [7, 0.07],
    [19999, 199.99],
  ])('%p cents is %p CAD', (cents, amount) => expect(fromCents(cents)).toBe(amount));
});
