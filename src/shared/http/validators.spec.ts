import { isInstant } from './validators';

describe('isInstant', () => {
  it.each(['2026-11-02T16:00:00-04:00', '2026-11-02T20:00Z', '2026-11-02T20:00:00.123Z', '2027-03-14T03:30:00-03:00'])(
    'accepts %s',
    (v) => expect(isInstant(v)).toBe(true),
  );
  it.each([
    '2026-13-01T10:00Z',
    '2026-02-31T10:00:00Z',
    '2026-11-02T16:00:00+99:00',
    '2026-11-02T16:00:00',
    '2026-11-02',
    'next monday',
    42,
    null,
  ])('refuses %p', (v) => expect(isInstant(v)).toBe(false));
});

describe('isDollarAmount', () => {
  it(
    'takes whole dollars and cents, ' + 'and refuses more decimals, exponent forms and non-numbers without throwing',
    () => {
      const { isDollarAmount } = jest.requireActual('./validators') as typeof import('./validators');
      expect([65, 65.5, 65.25, 0, 200].map(isDollarAmount)).toEqual([true, true, true, true, true]);
      expect([65.255, 5e-324, -7e-323, 1e21, Number.NaN, Infinity, '65', null].map(isDollarAmount)).toEqual([
        false,
        false,
        false,
        false,
        false,
        false,
        false,
        false,
      ]);
    },
  );
});

describe('isEmailAddress', () => {
  const { isEmailAddress } = jest.requireActual('./validators') as typeof import('./validators');
  it.each(['mei.chen@example.com', 'Owner+lessons@cedar-heights.ca', 'mañana@example.com'])('accepts %p', (v) =>
    expect(isEmailAddress(v)).toBe(true),
  );
  it.each([
    '\ud800',
    'mei\udc00@example.com',
    'mei\ud83d@example.com',
    'mei\u200b@example.com',
    'm\u200dei@example.com',
    '\u202eowner@example.com',
    '\u2066mei@example.com',
    '\ufeffmei@example.com',
    'me\u00adi@example.com',
    'mei\u0007@example.com',
    'not an email',
    '',
    'a'.repeat(250) + '@x.ca',
    42,
    null,
  ])('refuses %p without throwing', (v) => expect(isEmailAddress(v)).toBe(false));
});
