import { Body, Controller, HttpCode, Post, UnauthorizedException } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';
import { ApiProblems } from '../../shared/http/openapi';
import { SessionTokensResponse } from '../login/login.response';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { UsersQueries } from '../../../projections/users/users.queries';
import { CommandContextFactory } from '../../cqrs/command-context.factory';
import { CommandExecutor } from '../../cqrs/command-executor';
import { Clock } from '../../shared/clock';
import { RateLimit } from '../../shared/http/rate-limit';
import { SYSTEM_ACTOR } from '../../shared/request-context';
import { AnyRole, AuthenticatedUser, CurrentUser, Public } from '../auth/auth.decorators';
import { RefreshTokens } from '../sessions/refresh-tokens';
import { Sessions } from '../sessions/sessions.service';
import { userDecider } from '../user.decider';
import { userStream } from '../user.events';

export class RefreshDto {
  @ApiProperty({ description: 'the refresh token of the last sign-in or refresh' })
  @IsString()
  @MinLength(20)
  @MaxLength(200)
  refreshToken!: string;
}

@ApiTags('auth')
@Controller('api/v1/auth')
export class RefreshController {
  constructor(
    private readonly refreshTokens: RefreshTokens,
    private readonly sessions: Sessions,
    private readonly users: UsersQueries,
    private readonly executor: CommandExecutor,
    private readonly contexts: CommandContextFactory,
    private readonly clock: Clock,
  ) {}

  /** A new access token and the next refresh token; the one given is used up. */
  @Public()
  @Post('refresh')
  @HttpCode(200)
  @RateLimit('login')
  @ApiOperation({ operationId: 'refreshSession', summary: 'Trade a refresh token for a new pair' })
  @ApiOkResponse({ description: 'a new pair of tokens', type: SessionTokensResponse })
  @ApiProblems(
    400,
    [401, 'unknown, expired, revoked or already used (a reuse ends every session of that sign-in)'],
    429,
    503,
  )
  async refresh(@Body() body: RefreshDto) {
    const outcome = await this.refreshTokens.rotate(body.refreshToken, this.clock.now());
    if (outcome.kind === 'reused') {
      const ctx = { ...this.contexts.create(), actor: SYSTEM_ACTOR };
      await this.executor.execute(
        userStream(outcome.userId),
        userDecider,
        { type: 'RevokeSessions', userId: outcome.userId, familyId: outcome.familyId, reason: 'refresh-token-reused' },
        ctx,
      );
      throw new UnauthorizedException(
        'this refresh token was already used: that sign-in has been ended everywhere; sign in again',
      );
    }
    if (outcome.kind === 'invalid')
      throw new UnauthorizedException('the refresh token is invalid, expired or revoked; sign in again');
    const user = await this.users.byId(outcome.userId);
    if (!user) throw new UnauthorizedException('this account no longer exists');
    return this.sessions.answer(
      { id: user.id, email: user.email, role: user.role },
      outcome.refreshToken,
      outcome.familyId,
    );
  }

  /** Ends the sign-in the refresh token belongs to (every token of its family). */
  @Post('logout')
  @AnyRole()
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({ operationId: 'logout', summary: 'End the sign-in a refresh token belongs to' })
  @ApiNoContentResponse({ description: 'signed out (also when the token was already revoked)' })
  @ApiProblems(400, 401)
  async logout(@Body() body: RefreshDto, @CurrentUser() viewer: AuthenticatedUser): Promise<void> {
    const family = await this.refreshTokens.familyOf(body.refreshToken, viewer.id);
    if (family) await this.refreshTokens.revokeFamily(family, this.clock.now());
  }
}
