import { DomainError } from '../shared/domain-error';
import { lessonChargeCents, lessonPriceCents, lessonRateCents } from './pricing';

const refusal = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return { code: (e as DomainError).code, kind: (e as DomainError).kind, message: (e as DomainError).message };
  }
  return null;
};

describe('the lesson pricing rule', () => {
  describe('given a student enrolled for 30 minutes at 45 CAD', () => {
    const student = { rateCents: 45_00, enrolledMinutes: 30 };
    it.each([
      [30, 45_00],
      [15, 22_50],
      [45, 67_50],
      [60, 90_00],
      [120, 180_00],
      [20, 30_00],
      [25, 37_50],
    ])(
      'when a lesson lasts %i minutes, then it costs %i cents (the rate pro rata by minutes)',
      (lessonMinutes, cents) => expect(lessonPriceCents({ ...student, lessonMinutes })).toBe(cents),
    );
  });

  it('rounds to the cent, half a cent up', () => {
    expect(lessonPriceCents({ rateCents: 30_00, enrolledMinutes: 45, lessonMinutes: 20 })).toBe(13_33); // 1333.33…
    expect(lessonPriceCents({ rateCents: 30_01, enrolledMinutes: 30, lessonMinutes: 15 })).toBe(15_01); // 1500.5
    expect(lessonPriceCents({ rateCents: 75_00, enrolledMinutes: 60, lessonMinutes: 50 })).toBe(62_50);
  });

  it('prices the enrolled length at the rate itself, whatever the rate the office set', () => {
    for (const [minutes, rate] of [
      [15, 30_00],
      [30, 45_00],
      [45, 60_00],
      [60, 75_00],
      [60, 200_00],
    ]) {
      expect(lessonPriceCents({ rateCents: rate, enrolledMinutes: minutes, lessonMinutes: minutes })).toBe(rate);
    }
  });

  it("a new student's rate is the listed one for the enrolled length", () => {
    expect([15, 20, 30, 45, 60].map(lessonRateCents)).toEqual([30_00, 45_00, 45_00, 60_00, 75_00]);
  });

  it('refuses what is not a rate or a length (400) instead of returning NaN', () => {
    expect(refusal(() => lessonPriceCents({ rateCents: 45_00, enrolledMinutes: 0, lessonMinutes: 30 }))).toMatchObject({
      code: 'INVALID_LESSON_LENGTH',
      kind: 'invalid',
    });
    expect(
      refusal(() => lessonPriceCents({ rateCents: 45_00, enrolledMinutes: 30, lessonMinutes: Number.NaN })),
    ).toMatchObject({ code: 'INVALID_LESSON_LENGTH' });
    expect(refusal(() => lessonPriceCents({ rateCents: 45.5, enrolledMinutes: 30, lessonMinutes: 30 }))).toMatchObject({
      code: 'INVALID_LESSON_RATE',
    });
  });

  describe('a one-off charge for a lesson', () => {
    const lesson120 = { rateCents: 45_00, enrolledMinutes: 30, lessonMinutes: 120 };
    it("is the lesson's price when no amount is given, or when the amount given is that price", () => {
      expect(lessonChargeCents(lesson120, null)).toBe(180_00);
      expect(lessonChargeCents(lesson120, 180_00)).toBe(180_00);
    });
    it('refuses another amount (422) and says the price', () => {
      expect(refusal(() => lessonChargeCents(lesson120, 45_00))).toEqual({
        code: 'AMOUNT_NOT_LESSON_PRICE',
        kind: 'rejected',
        message:
          "a 120-minute lesson at this student's rate ($45.00 CAD for 30 minutes) costs $180.00 CAD; charge that " +
          'amount, or leave lessonId out for another amount',
      });
    });
    it('refuses a lesson priced above the 500 CAD a payment may be (422)', () =>
      expect(
        refusal(() => lessonChargeCents({ rateCents: 200_00, enrolledMinutes: 15, lessonMinutes: 120 }, null)),
      ).toMatchObject({ code: 'LESSON_PRICE_ABOVE_PAYMENT_LIMIT', kind: 'rejected' }));
  });
});
