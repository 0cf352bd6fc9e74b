import { isInstant } from './validators';

describe('isInstant', () => {
  it.each(['2026-11-02T16:00:00-04:00', '2026-11-02T20:00Z', '2026-11-02T20:00:00.123Z', '2027-03-14T03:30:00-03:00'])('accepts %s', (v) =>
    expect(isInstant(v)).toBe(true));
  it.each(['2026-13-01T10:00Z', '2026-02-31T10:00:00Z', '2026-11-02T16:00:00+99:00', '2026-11-02T16:00:00', '2026-11-02', 'next monday', 42, null])(
    'refuses %p',
    (v) => expect(isInstant(v)).toBe(false),
  );
});
