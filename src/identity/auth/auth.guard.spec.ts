import { ExecutionContext, ForbiddenException, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AnyRole, AuthenticatedUser, Public, Roles } from './auth.decorators';
import { AuthGuard } from './auth.guard';
import { TokenService } from './token.service';

class Routes {
  @Public() open() {}
  @Roles('admin') adminOnly() {}
  @AnyRole() account() {}
  unmarked() {}
}

const users: Record<string, AuthenticatedUser> = {
  admin: { id: 'a', email: 'a@x.c', role: 'admin' },
  parent: { id: 'p', email: 'p@x.c', role: 'parent' },
  auditor: { id: 'u', email: 'u@x.c', role: 'auditor' },
};
const tokens = { verify: (t: string) => users[t] ?? null } as unknown as TokenService;
const guard = new AuthGuard(new Reflector(), tokens);

const call = (route: keyof Routes, token?: string) => {
  const req = { headers: token ? { authorization: `Bearer ${token}` } : {} };
  const ctx = { getHandler: () => Routes.prototype[route], getClass: () => Routes, switchToHttp: () => ({ getRequest: () => req }) } as unknown as ExecutionContext;
  try {
    return guard.canActivate(ctx) ? 'ok' : 'refused';
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
  ] as const)('%s with %s → %s', (route, token, expected) => expect(call(route, token)).toBe(expected));

  it('lets anyone through a public route, and says who is asking when the token is valid', () => {
    const seen = (token?: string) => {
      const req: { headers: Record<string, string>; user?: AuthenticatedUser } = { headers: token ? { authorization: `Bearer ${token}` } : {} };
      const ctx = { getHandler: () => Routes.prototype.open, getClass: () => Routes, switchToHttp: () => ({ getRequest: () => req }) } as unknown as ExecutionContext;
      expect(guard.canActivate(ctx)).toBe(true);
      return req.user;
    };
    expect(seen('parent')).toEqual(users.parent);
    expect(seen('forged')).toBeUndefined();
    expect(seen()).toBeUndefined();
  });
});
