import { ExecutionContext, ForbiddenException, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AnyRole, AuthenticatedUser, Public, Roles } from './auth.decorators';
import { AuthGuard } from './auth.guard';
import { SessionStore } from '../sessions/session-store';
import { TokenService } from './token.service';

class Routes {
  @Public() open() {}
  @Roles('admin') adminOnly() {}
  @AnyRole() account() {}
  unmarked() {}
}

const users: Record<string, AuthenticatedUser & { sessionId: string }> = {
  admin: { id: 'a', email: 'a@x.c', role: 'admin', sessionId: 's-admin' },
  parent: { id: 'p', email: 'p@x.c', role: 'parent', sessionId: 's-parent' },
  auditor: { id: 'u', email: 'u@x.c', role: 'auditor', sessionId: 's-auditor' },
  signedOut: { id: 'a', email: 'a@x.c', role: 'admin', sessionId: 's-ended' },
};
const tokens = { verify: (t: string) => users[t] ?? null } as unknown as TokenService;
const sessions = {
  isActive: async (sid: string, userId: string) =>
    sid !== 's-ended' && Object.values(users).some((u) => u.sessionId === sid && u.id === userId),
} as unknown as SessionStore;
const guard = new AuthGuard(new Reflector(), tokens, sessions);

const call = async (route: keyof Routes, token?: string) => {
  const req = { headers: token ? { authorization: `Bearer ${token}` } : {} };
  const ctx = {
    getHandler: () => Routes.prototype[route],
    getClass: () => Routes,
    switchToHttp: () => ({ getRequest: () => req }),
  } as unknown as ExecutionContext;
  try {
    return (await guard.canActivate(ctx)) ? 'ok' : 'refused';
  } catch (e) {
    return e instanceof UnauthorizedException ? 401 : e instanceof ForbiddenException ? 403 : 'error';
  }
};

describe('auth guard', () => {
  it.each([
    ['open', undefined, 'ok'],
    ['adminOnly', undefined, 401],
    ['adminOnly', 'forged', 401],
    ['adminOnly', 'admin', 'ok'],
    ['adminOnly', 'parent', 403],
    ['account', 'auditor', 'ok'],
    ['unmarked', 'parent', 'ok'],
    ['unmarked', 'auditor', 403],
    ['account', 'signedOut', 401],
    ['unmarked', 'signedOut', 401],
  ] as const)('%s with %s → %s', async (route, token, expected) => expect(await call(route, token)).toBe(expected));

  it(
    'lets anyone through a public route, ' + 'and says who is asking when the token is valid and its sign-in on',
    async () => {
      const seen = async (token?: string) => {
        const req: { headers: Record<string, string>; user?: AuthenticatedUser } = {
          headers: token ? { authorization: `Bearer ${token}` } : {},
        };
        const ctx = {
          getHandler: () => Routes.prototype.open,
          getClass: () => Routes,
          switchToHttp: () => ({ getRequest: () => req }),
        } as unknown as ExecutionContext;
        expect(await guard.canActivate(ctx)).toBe(true);
        return req.user;
      };
      expect(await seen('parent')).toEqual({ id: 'p', email: 'p@x.c', role: 'parent' });
      expect(await seen('signedOut')).toBeUndefined();
      expect(await seen('forged')).toBeUndefined();
      expect(await seen()).toBeUndefined();
    },
  );
});
