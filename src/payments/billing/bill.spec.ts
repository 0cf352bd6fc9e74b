import { billItems, billTotalCents, describePayment, splitBill } from './bill';

describe('a monthly bill', () => {
  it("prices each lesson by its length at the student's rate, one item per length", () => {
    const items = billItems(45_00, 30, [30, 120, 30, 30, 30]);
    expect(items).toEqual([
      { lessons: 4, minutes: 30, priceCents: 45_00 },
      { lessons: 1, minutes: 120, priceCents: 180_00 },
    ]);
    expect(billTotalCents(items)).toBe(360_00);
  });

  it('splits into payments of at most 500 CAD in whole lessons', () => {
    expect(splitBill(billItems(45_00, 30, [30, 30, 30, 30])).map((p) => p.amountCents)).toEqual([180_00]);
    expect(splitBill(billItems(200_00, 60, [60, 60, 60, 60, 60])).map((p) => p.amountCents)).toEqual([
      400_00, 400_00, 200_00,
    ]);
    expect(splitBill(billItems(45_00, 30, Array(11).fill(30))).map((p) => p.amountCents)).toEqual([495_00]);
    expect(splitBill(billItems(45_00, 30, Array(12).fill(30))).map((p) => p.amountCents)).toEqual([495_00, 45_00]);
    const mixed = splitBill(billItems(45_00, 30, [30, 30, 120, 30, 30, 120]));
    expect(mixed).toEqual([
      {
        amountCents: 360_00,
        items: [
          { lessons: 4, minutes: 30, priceCents: 45_00 },
          { lessons: 1, minutes: 120, priceCents: 180_00 },
        ],
      },
      { amountCents: 180_00, items: [{ lessons: 1, minutes: 120, priceCents: 180_00 }] },
    ]);
    expect(describePayment('November 2026', mixed[0])).toBe(
      'November 2026 lessons (4 × $45.00 CAD, 1 × $180.00 ' + 'CAD)',
    );
  });

  it('charges a lesson priced above the limit in parts, each within it, adding up to its price', () => {
    const payments = splitBill(billItems(200_00, 15, [15, 120])); // 200 and 1,600 CAD
    expect(payments.map((p) => p.amountCents)).toEqual([200_00, 500_00, 500_00, 500_00, 100_00]);
    expect(payments.slice(1).map((p) => p.part)).toEqual([
      { index: 1, of: 4 },
      { index: 2, of: 4 },
      { index: 3, of: 4 },
      { index: 4, of: 4 },
    ]);
    expect(describePayment('November 2026', payments[1])).toBe(
      'November 2026 lessons (1 × $1,600.00 CAD, part 1 of 4)',
    );
  });
});
