import { assertNever, Decider } from '../shared/decider';
import { conflict } from '../shared/domain-error';
import { EmailClaimEvent } from './user.events';

export type EmailClaimState =
  { status: 'free' } | { status: 'claimed'; userId: string; ownerStream: string; claimedAt: string };

export type ClaimEmailCommand = {
  type: 'ClaimEmail';
  email: string;
  userId: string;
  ownerStream: string;
  at: string;
  /** whether the current claimant's stream exists (a claim whose owner never got written is stale) */
  currentOwnerExists: boolean;
};

/** A claim whose owner was never written (the process stopped in between) lapses after this. */
export const STALE_CLAIM_MS = 60_000;

export const emailClaimDecider: Decider<ClaimEmailCommand, EmailClaimState, EmailClaimEvent> = {
  initialState: () => ({ status: 'free' }),
  evolve(_state, event) {
    switch (event.type) {
      case 'EmailClaimed':
        return {
          status: 'claimed',
          userId: event.data.userId,
          ownerStream: event.data.ownerStream,
          claimedAt: event.data.claimedAt,
        };
      default:
        return assertNever(event.type);
    }
  },
  decide(c, s) {
    switch (c.type) {
      case 'ClaimEmail': {
        const claim: EmailClaimEvent = {
          type: 'EmailClaimed',
          data: { email: c.email.trim().toLowerCase(), userId: c.userId, ownerStream: c.ownerStream, claimedAt: c.at },
        };
        if (s.status === 'free') return [claim];
        if (s.userId === c.userId) return [];
        const stale = !c.currentOwnerExists && Date.parse(c.at) - Date.parse(s.claimedAt) > STALE_CLAIM_MS;
        if (stale) return [claim];
        throw conflict('EMAIL_TAKEN', 'an account with this email already exists');
      }
      default:
        return assertNever(c.type);
    }
  },
};
