import { isInstant } from './validators';

describe('isInstant', () => {
  it.each(['2026-11-02T16:00:00-04:00', '2026-11-02T20:00Z', '2026-11-02T20:00:00.123Z', '2027-03-14T03:30:00-03:00'])('accepts %s', (v) =>
    expect(isInstant(v)).toBe(true));
  it.each(['2026-13-01T10:00Z', '2026-02-31T10:00:00Z', '2026-11-02T16:00:00+99:00', '2026-11-02T16:00:00', '2026-11-02', 'next monday', 42, null])(
    'refuses %p',
    (v) => expect(isInstant(v)).toBe(false),
  );
});

describe('isDollarAmount', () => {
  it('takes whole dollars and cents, and refuses more decimals, exponent forms and non-numbers without throwing', () => {
    const { isDollarAmount } = jest.requireActual('./validators') as typeof import('./validators');
    expect([65, 65.5, 65.25, 0, 200].map(isDollarAmount)).toEqual([true, true, true, true, true]);
    expect([65.255, 5e-324, -7e-323, 1e21, Number.NaN, Infinity, '65', null].map(isDollarAmount)).toEqual([false, false, false, false, false, false, false, false]);
  });
});

describe('isEmailAddress', () => {
  const { isEmailAddress } = jest.requireActual('./validators') as typeof import('./validators');
  it.each(['mei.chen@example.com', 'Owner+lessons@cedar-heights.ca', 'mañana@example.com'])('accepts %p', (v) => expect(isEmailAddress(v)).toBe(true));
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

describe('isFutureDate (academy time)', () => {
  const { isFutureDate } = jest.requireActual('./validators') as typeof import('./validators');
  // 02:30 UTC on 5 December is still 4 December in Halifax (UTC−4)
  const now = new Date('2026-12-05T02:30:00Z');
  it('is after today in the zone, not in UTC', () => {
    expect(isFutureDate('2026-12-05', now, 'America/Halifax')).toBe(true);
    expect(isFutureDate('2026-12-04', now, 'America/Halifax')).toBe(false);
    expect(isFutureDate('2026-12-05', now, 'UTC')).toBe(false);
    expect(isFutureDate('2016-05-14', now, 'America/Halifax')).toBe(false);
    expect(isFutureDate('2031-01-01', now, 'America/Halifax')).toBe(true);
  });
  it('leaves what is not a date to the format checks', () => {
    expect(['2026-02-31', 'tomorrow', '', 20261231, null].map((v) => isFutureDate(v, now, 'America/Halifax'))).toEqual([false, false, false, false, false]);
  });
});
