import { DomainError } from '../shared/domain-error';
import { emailClaimDecider, STALE_CLAIM_MS } from './email-claim.decider';
import { userDecider } from './user.decider';
import { EmailClaimEvent, UserEvent } from './user.events';

const fold = <S, E>(d: { initialState(): S; evolve(s: S, e: E): S }, events: E[]) => events.reduce(d.evolve, d.initialState());

describe('user decider', () => {
  const registered: UserEvent = {
    type: 'UserRegistered',
    data: { userId: 'u1', email: 'a@b.c', role: 'teacher', displayName: 'A B', teacherId: 't1' },
  };
  const register = { type: 'RegisterUser' as const, userId: 'u1', email: 'a@b.c', role: 'teacher' as const, displayName: 'A B', teacherId: 't1' };

  it('given nothing, when RegisterUser, then UserRegistered', () =>
    expect(userDecider.decide(register, fold(userDecider, []))).toEqual([registered]));

  it('given the same registration, when RegisterUser again, then nothing (a redelivery)', () =>
    expect(userDecider.decide(register, fold(userDecider, [registered]))).toEqual([]));

  it('given a registration, when RegisterUser with another role, then a conflict', () =>
    expect(() => userDecider.decide({ ...register, role: 'admin' }, fold(userDecider, [registered]))).toThrow(DomainError));

  it('given a user, when ChangePassword, then UserPasswordChanged', () =>
    expect(userDecider.decide({ type: 'ChangePassword', userId: 'u1' }, fold(userDecider, [registered]))).toEqual([
      { type: 'UserPasswordChanged', data: { userId: 'u1' } },
    ]));

  it('given a user, when RequestPasswordReset, then PasswordResetRequested (no token in it)', () =>
    expect(userDecider.decide({ type: 'RequestPasswordReset', userId: 'u1' }, fold(userDecider, [registered]))).toEqual([
      { type: 'PasswordResetRequested', data: { userId: 'u1' } },
    ]));

  it('given a user, when RevokeSessions, then UserSessionsRevoked naming the family', () =>
    expect(
      userDecider.decide({ type: 'RevokeSessions', userId: 'u1', familyId: 'f1', reason: 'refresh-token-reused' }, fold(userDecider, [registered])),
    ).toEqual([{ type: 'UserSessionsRevoked', data: { userId: 'u1', familyId: 'f1', reason: 'refresh-token-reused' } }]));

  it('given nothing, when RequestPasswordReset, then not found', () =>
    expect(() => userDecider.decide({ type: 'RequestPasswordReset', userId: 'u1' }, fold(userDecider, []))).toThrow('no user u1'));

  it('given nothing, when ChangePassword, then not found', () =>
    expect(() => userDecider.decide({ type: 'ChangePassword', userId: 'u1' }, fold(userDecider, []))).toThrow('no user u1'));
});

describe('email claim decider', () => {
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

  it('claims a free address, lower-cased', () =>
    expect(emailClaimDecider.decide(claim('u1'), fold(emailClaimDecider, []))).toEqual([claimed]));

  it('is a no-op for the same user', () => expect(emailClaimDecider.decide(claim('u1'), fold(emailClaimDecider, [claimed]))).toEqual([]));

  it('refuses another user while the owner exists', () => {
    const later = new Date(Date.parse(at) + STALE_CLAIM_MS * 10).toISOString();
    expect(() => emailClaimDecider.decide(claim('u2', later, true), fold(emailClaimDecider, [claimed]))).toThrow(
      'an account with this email already exists',
    );
  });

  it('refuses another user for a recent claim whose owner is not written yet', () =>
    expect(() => emailClaimDecider.decide(claim('u2', at, false), fold(emailClaimDecider, [claimed]))).toThrow(DomainError));

  it('lets another user take a stale claim whose owner was never written', () => {
    const later = new Date(Date.parse(at) + STALE_CLAIM_MS + 1).toISOString();
    expect(emailClaimDecider.decide(claim('u2', later, false), fold(emailClaimDecider, [claimed]))).toHaveLength(1);
  });
});
