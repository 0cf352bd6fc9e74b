import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { Role, ROLES } from '../user.events';
import { AuthenticatedUser } from './auth.decorators';

export const JWT_ALGORITHM = 'HS256';

/** Short-lived access tokens, HS256 only (a token naming any other algorithm is refused). */
@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  issue(user: AuthenticatedUser): { accessToken: string; expiresIn: number } {
    const expiresIn = this.config.accessTokenTtlSeconds;
    const accessToken = this.jwt.sign(
      { sub: user.id, email: user.email, role: user.role },
      { algorithm: JWT_ALGORITHM, expiresIn },
    );
    return { accessToken, expiresIn };
  }

  /** null for anything but a valid, unexpired token of ours */
  verify(token: string): AuthenticatedUser | null {
    try {
      const claims = this.jwt.verify<{ sub?: unknown; email?: unknown; role?: unknown }>(token, {
        algorithms: [JWT_ALGORITHM],
      });
      if (typeof claims.sub !== 'string' || typeof claims.email !== 'string') return null;
      if (!(ROLES as readonly unknown[]).includes(claims.role)) return null;
      return { id: claims.sub, email: claims.email, role: claims.role as Role };
    } catch {
      return null;
    }
  }
}
