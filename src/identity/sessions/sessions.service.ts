import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { Clock } from '../../shared/clock';
import { AuthenticatedUser } from '../auth/auth.decorators';
import { TokenService } from '../auth/token.service';
import { RefreshTokens } from './refresh-tokens';

export interface SessionTokens {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  /** seconds the access token is valid for */
  expiresIn: number;
  refreshExpiresIn: number;
  user: AuthenticatedUser;
}

/** What a sign-in, a refresh or a password change answers: a short-lived access token and a refresh token. */
@Injectable()
export class Sessions {
  constructor(
    private readonly tokens: TokenService,
    private readonly refreshTokens: RefreshTokens,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** A new sign-in: a new family of refresh tokens. */
  async start(user: AuthenticatedUser): Promise<SessionTokens> {
    const { refreshToken, familyId } = await this.refreshTokens.issue(user.id, this.clock.now());
    return this.answer(user, refreshToken, familyId);
  }

  /** The pair of a sign-in: `sessionId` (its refresh-token family) is the access token's sid. */
  answer(user: AuthenticatedUser, refreshToken: string, sessionId: string): SessionTokens {
    const me = { id: user.id, email: user.email, role: user.role };
    const { accessToken, expiresIn } = this.tokens.issue(me, sessionId);
    return {
      accessToken,
      refreshToken,
      tokenType: 'Bearer',
      expiresIn,
      refreshExpiresIn: this.config.refreshTokenTtlSeconds,
      user: me,
    };
  }
}
