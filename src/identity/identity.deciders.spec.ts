import { DomainError } from '../shared/domain-error';
import { emailClaimDecider, STALE_CLAIM_MS } from './email-claim.decider';
import { userDecider } from './user.decider';
import { EmailClaimEvent, UserEvent } from './user.events';
import { DeciderSpecification } from '../../test/support/decider-specification';

describe('user decider', () => {
  const { given } = DeciderSpecification.for(userDecider);
  const registered: UserEvent = {
    type: 'UserRegistered',
    data: { userId: 'u1', email: 'a@b.c', role: 'teacher', displayName: 'A B', teacherId: 't1' },
  };
  const register = {
    type: 'RegisterUser' as const,
    userId: 'u1',
    email: 'a@b.c',
    role: 'teacher' as const,
    displayName: 'A B',
    teacherId: 't1',
  };

  it('given nothing, when RegisterUser, then UserRegistered', () => given([]).when(register).then([registered]));

  it('given the same registration, when RegisterUser again, then nothing (a redelivery)', () =>
    given([registered]).when(register).then([]));

  it('given a registration, when RegisterUser with another role, then a conflict', () =>
    given([registered])
      .when({ ...register, role: 'admin' })
      .thenThrows(DomainError));

  it('given a user, when ChangePassword, then UserPasswordChanged', () =>
    given([registered])
      .when({ type: 'ChangePassword', userId: 'u1' })
      .then([{ type: 'UserPasswordChanged', data: { userId: 'u1' } }]));

  it('given a user, when RequestPasswordReset, then PasswordResetRequested (no token in it)', () =>
    given([registered])
      .when({ type: 'RequestPasswordReset', userId: 'u1' })
      .then([{ type: 'PasswordResetRequested', data: { userId: 'u1' } }]));

  it('given a user, when RevokeSessions, then UserSessionsRevoked naming the family', () =>
    expect(
      given([registered]).when({ type: 'RevokeSessions', userId: 'u1', familyId: 'f1', reason: 'refresh-token-reused' })
        .events,
    ).toEqual([
      { type: 'UserSessionsRevoked', data: { userId: 'u1', familyId: 'f1', reason: 'refresh-token-reused' } },
    ]));

  it('given nothing, when RequestPasswordReset, then not found', () =>
    given([]).when({ type: 'RequestPasswordReset', userId: 'u1' }).thenThrows('no user u1'));

  it('given nothing, when ChangePassword, then not found', () =>
    given([]).when({ type: 'ChangePassword', userId: 'u1' }).thenThrows('no user u1'));
});

describe('email claim decider', () => {
  const { given } = DeciderSpecification.for(emailClaimDecider);
  const at = '2026-11-22T10:00:00.000Z';
  const claimed: EmailClaimEvent = {
    type: 'EmailClaimed',
    data: { email: 'a@b.c', userId: 'u1', ownerStream: 'user-u1', claimedAt: at },
  };
  const claim = (userId: string, when = at, currentOwnerExists = true) => ({
    type: 'ClaimEmail' as const,
    email: ' A@B.C ',
    userId,
    ownerStream: `user-${userId}`,
    at: when,
    currentOwnerExists,
  });

  it('claims a free address, lower-cased', () => given([]).when(claim('u1')).then([claimed]));

  it('is a no-op for the same user', () => given([claimed]).when(claim('u1')).then([]));

  it('refuses another user while the owner exists', () => {
    const later = new Date(Date.parse(at) + STALE_CLAIM_MS * 10).toISOString();
    given([claimed])
      .when(claim('u2', later, true))
      .thenThrows('an account with this email already exists');
  });

  it('refuses another user for a recent claim whose owner is not written yet', () =>
    given([claimed])
      .when(claim('u2', at, false))
      .thenThrows(DomainError));

  it('lets another user take a stale claim whose owner was never written', () => {
    const later = new Date(Date.parse(at) + STALE_CLAIM_MS + 1).toISOString();
    expect(given([claimed]).when(claim('u2', later, false)).events).toHaveLength(1);
  });
});
