import { assertNever, Decider } from '../shared/decider';
import { conflict } from '../shared/domain-error';
import { AccountEvent } from './payment.events';

/**
 * A family's account: charges and refunds posted to its ledger, each once, with the running
 * balance (what the family has paid, net of refunds).
 */
export interface AccountState {
  posted: Record<string, true>;
  balanceCents: number;
}

interface Entry {
  parentId: string;
  paymentId: string;
  studentId: string;
  amountCents: number;
  instrument: string;
  teacherId: string | null;
}

export type AccountCommand = ({ type: 'PostCharge' } & Entry) | ({ type: 'PostRefund'; refundId: string } & Entry);

function decide(c: AccountCommand, s: AccountState): AccountEvent[] {
  switch (c.type) {
    case 'PostCharge': {
      if (s.posted[`charge:${c.paymentId}`]) return [];
      const { type: _t, ...entry } = c;
      return [{ type: 'ChargePosted', data: { ...entry, balanceCents: s.balanceCents + c.amountCents } }];
    }
    case 'PostRefund': {
      if (s.posted[`refund:${c.refundId}`]) return [];
      // The charge and its refund are posted by two workflows that may run in either order; the
      // ledger shows a refund after the charge it gives back (the refund workflow tries again).
      if (!s.posted[`charge:${c.paymentId}`])
        throw conflict('CHARGE_NOT_POSTED', `the charge of payment ${c.paymentId} is not posted yet`);
      const { type: _t, ...entry } = c;
      return [{ type: 'RefundPosted', data: { ...entry, balanceCents: s.balanceCents - c.amountCents } }];
    }
    default:
      return assertNever(c);
  }
}

function evolve(s: AccountState, e: AccountEvent): AccountState {
  switch (e.type) {
    case 'ChargePosted':
      return { posted: { ...s.posted, [`charge:${e.data.paymentId}`]: true }, balanceCents: e.data.balanceCents };
    case 'RefundPosted':
      return { posted: { ...s.posted, [`refund:${e.data.refundId}`]: true }, balanceCents: e.data.balanceCents };
    default:
      return assertNever(e);
  }
}

export const accountDecider: Decider<AccountCommand, AccountState, AccountEvent> = {
  initialState: () => ({ posted: {}, balanceCents: 0 }),
  evolve,
  decide,
};
