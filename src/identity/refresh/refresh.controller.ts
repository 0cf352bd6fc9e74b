import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
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
import { CommandContextFactory } from '../../cqrs/command-context.factory';
import { Clock } from '../../shared/clock';
import { RateLimit } from '../../shared/http/rate-limit';
import { AnyRole, AuthenticatedUser, CurrentUser, Public } from '../auth/auth.decorators';
import { RefreshTokens } from '../sessions/refresh-tokens';
import { SessionTokens } from '../sessions/sessions.service';
import { RefreshSession } from './refresh.command';

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
    private readonly commands: CommandBus,
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
    return this.commands.execute<RefreshSession, SessionTokens>(
      new RefreshSession(body.refreshToken, this.contexts.create()),
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
