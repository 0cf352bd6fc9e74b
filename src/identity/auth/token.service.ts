import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { Clock } from '../../shared/clock';
import { Role, ROLES } from '../user.events';
import { AuthenticatedUser } from './auth.decorators';

export const JWT_ALGORITHM = 'HS256';
export const JWT_ISSUER = 'cedar-heights';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Who a token speaks for, and the sign-in (sid) it belongs to: the guard checks the sign-in is still on. */
export type VerifiedToken = AuthenticatedUser & { sessionId: string };

/**
 * Short-lived access tokens, HS256 only (a token naming any other algorithm, or none, is refused),
 * always with an expiry.
 */
@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  private nowSeconds(): number {
    return Math.floor(this.clock.now().getTime() / 1000);
  }

  issue(user: AuthenticatedUser, sessionId: string): { accessToken: string; expiresIn: number } {
    const expiresIn = this.config.accessTokenTtlSeconds;
    const accessToken = this.jwt.sign(
      { sub: user.id, sid: sessionId, email: user.email, role: user.role, iat: this.nowSeconds() },
      { algorithm: JWT_ALGORITHM, expiresIn, issuer: JWT_ISSUER },
    );
    return { accessToken, expiresIn };
  }

  /** null for anything but a valid, unexpired token of ours naming its sign-in */
  verify(token: string): VerifiedToken | null {
    try {
      const claims = this.jwt.verify<{ sub?: unknown; sid?: unknown; email?: unknown; role?: unknown }>(token, {
        algorithms: [JWT_ALGORITHM],
        issuer: JWT_ISSUER,
        clockTimestamp: this.nowSeconds(),
      });
      if (typeof (claims as { exp?: unknown }).exp !== 'number') return null;
      if (typeof claims.sub !== 'string' || typeof claims.email !== 'string') return null;
      if (typeof claims.sid !== 'string' || !UUID.test(claims.sid)) return null;
      if (!(ROLES as readonly unknown[]).includes(claims.role)) return null;
      return { id: claims.sub, email: claims.email, role: claims.role as Role, sessionId: claims.sid };
    } catch {
      return null;
    }
  }
}
