import { DeciderSpecification } from '../../test/support/decider-specification';
import { accountDecider } from './account.decider';

const { given } = DeciderSpecification.for(accountDecider);

describe('account decider', () => {
  const entry = {
    parentId: 'F1',
    paymentId: 'P1',
    studentId: 'S1',
    amountCents: 45_00,
    instrument: 'piano',
    teacherId: 'T1',
  };

  it('posts each charge and refund once, with the running balance', () => {
    const events = given([]).when(
      { type: 'PostCharge', ...entry },
      { type: 'PostCharge', ...entry },
      { type: 'PostRefund', refundId: 'R1', ...entry, amountCents: 20_00 },
      { type: 'PostRefund', refundId: 'R1', ...entry, amountCents: 20_00 },
    ).events;
    expect(events.map((e) => [e.type, e.data.balanceCents])).toEqual([
      ['ChargePosted', 45_00],
      ['RefundPosted', 25_00],
    ]);
  });

  it('posts a refund only after the charge it gives back', () => {
    given([])
      .when({ type: 'PostRefund', refundId: 'R1', ...entry, amountCents: 20_00 })
      .thenThrows(expect.objectContaining({ code: 'CHARGE_NOT_POSTED' }));
    expect(
      given([])
        .when({ type: 'PostCharge', ...entry }, { type: 'PostRefund', refundId: 'R1', ...entry, amountCents: 20_00 })
        .events.map((e) => e.type),
    ).toEqual(['ChargePosted', 'RefundPosted']);
  });
});
