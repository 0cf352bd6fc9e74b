import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { Role } from '../user.events';

export interface AuthenticatedUser {
  id: string;
  email: string;
  role: Role;
}

export const IS_PUBLIC = 'auth:public';
export const ROLES = 'auth:roles';

/** No token needed (the public website, login, health). */
export const Public = () => SetMetadata(IS_PUBLIC, true);
/** Only these roles; without it any signed-in user but an auditor may call the route. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES, roles);
/** Every signed-in user, auditors included: their own account's routes. */
export const AnyRole = () => SetMetadata(ROLES, ['admin', 'teacher', 'parent', 'auditor'] satisfies Role[]);

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthenticatedUser => {
  return ctx.switchToHttp().getRequest<{ user: AuthenticatedUser }>().user;
});
