import { CanActivate, ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { RequestContexts } from '../../shared/request-context';
import { SessionStore } from '../sessions/session-store';
import { Role } from '../user.events';
import { AuthenticatedUser, IS_PUBLIC, ROLES } from './auth.decorators';
import { TokenService } from './token.service';

/**
 * Every route needs a bearer token unless marked @Public(); @Roles narrows who may call it.
 * A route without @Roles is open to every signed-in role but auditors. The token's sign-in
 * must still be on: one ended (sign-out, password change, reuse, forgotten family) refuses
 * the token at once.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly sessions: SessionStore,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const req = context
      .switchToHttp()
      .getRequest<{ headers: Record<string, string | undefined>; user?: AuthenticatedUser }>();
    const [scheme, token] = (req.headers.authorization ?? '').split(' ');
    // A public route serves everyone; a valid token there still says who is asking (a parent
    // enrolling a sibling signed in). An invalid one is ignored: the caller is then anonymous.
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) {
      const verified = scheme === 'Bearer' && token ? this.tokens.verify(token) : null;
      if (verified && (await this.sessions.isActive(verified.sessionId, verified.id))) {
        this.signIn(req, { id: verified.id, email: verified.email, role: verified.role });
      }
      return true;
    }
    if (scheme !== 'Bearer' || !token) throw new UnauthorizedException('a bearer token is required');
    const verified = this.tokens.verify(token);
    if (!verified) throw new UnauthorizedException('the token is invalid or expired');
    if (!(await this.sessions.isActive(verified.sessionId, verified.id))) {
      throw new UnauthorizedException('this sign-in has ended; sign in again');
    }
    const user: AuthenticatedUser = { id: verified.id, email: verified.email, role: verified.role };
    this.signIn(req, user);
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets);
    if (roles && !roles.includes(user.role)) throw new ForbiddenException('your role may not do this');
    // Auditors read the audit log and nothing else: a route must name them to let them in.
    if (!roles && user.role === 'auditor') throw new ForbiddenException('auditors may use the audit routes only');
    return true;
  }

  private signIn(req: { user?: AuthenticatedUser }, user: AuthenticatedUser): void {
    req.user = user;
    const ctx = RequestContexts.current();
    if (ctx) ctx.actor = { id: user.id, role: user.role };
  }
}
