import { assertNever, Decider } from '../shared/decider';
import { conflict, notFound } from '../shared/domain-error';
import { Role, UserEvent } from './user.events';

export type UserState =
  | { status: 'none' }
  | {
      status: 'registered';
      userId: string;
      email: string;
      role: Role;
      displayName: string;
      teacherId: string | null;
      hasPassword: boolean;
    };

export type RegisterUserCommand = {
  type: 'RegisterUser';
  userId: string;
  email: string;
  role: Role;
  displayName: string;
  teacherId: string | null;
};
export type ChangePasswordCommand = { type: 'ChangePassword'; userId: string };
export type RequestPasswordResetCommand = { type: 'RequestPasswordReset'; userId: string };
export type RevokeSessionsCommand = {
  type: 'RevokeSessions';
  userId: string;
  familyId: string;
  reason: 'refresh-token-reused';
};
export type UserCommand =
  RegisterUserCommand | ChangePasswordCommand | RequestPasswordResetCommand | RevokeSessionsCommand;

function register(c: RegisterUserCommand, s: UserState): UserEvent[] {
  if (s.status === 'registered') {
    // The same registration again (a redelivered saga command) changes nothing.
    if (s.email === c.email && s.role === c.role) return [];
    throw conflict('USER_EXISTS', `user ${c.userId} is already registered`);
  }
  return [
    {
      type: 'UserRegistered',
      data: { userId: c.userId, email: c.email, role: c.role, displayName: c.displayName, teacherId: c.teacherId },
    },
  ];
}

function registered(s: UserState, userId: string) {
  if (s.status !== 'registered') throw notFound('USER_NOT_FOUND', `no user ${userId}`);
  return s;
}

function changePassword(c: ChangePasswordCommand, s: UserState): UserEvent[] {
  registered(s, c.userId);
  return [{ type: 'UserPasswordChanged', data: { userId: c.userId } }];
}

export const userDecider: Decider<UserCommand, UserState, UserEvent> = {
  initialState: () => ({ status: 'none' }),
  evolve(state, event) {
    switch (event.type) {
      case 'UserRegistered':
        return { status: 'registered', ...event.data, hasPassword: false };
      case 'UserPasswordChanged':
        return state.status === 'registered' ? { ...state, hasPassword: true } : state;
      case 'PasswordResetRequested':
      case 'UserSessionsRevoked':
        return state;
      default:
        return assertNever(event);
    }
  },
  decide(command, state) {
    switch (command.type) {
      case 'RegisterUser':
        return register(command, state);
      case 'ChangePassword':
        return changePassword(command, state);
      case 'RequestPasswordReset':
        registered(state, command.userId);
        return [{ type: 'PasswordResetRequested', data: { userId: command.userId } }];
      case 'RevokeSessions':
        registered(state, command.userId);
        return [
          {
            type: 'UserSessionsRevoked',
            data: { userId: command.userId, familyId: command.familyId, reason: command.reason },
          },
        ];
      default:
        return assertNever(command);
    }
  },
};
