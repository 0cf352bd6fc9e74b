import { BadRequestException, Body, Controller, HttpCode, Post, Req, Res, UnauthorizedException } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../../shared/http/openapi';
import { SessionTokensResponse } from '../login/login.response';
import { IsString, MaxLength, MinLength } from 'class-validator';
import type { Request, Response } from 'express';
import { UsersQueries } from '../../../projections/users/users.queries';
import { CommandContextFactory } from '../../cqrs/command-context.factory';
import { CommandExecutor } from '../../cqrs/command-executor';
import { Clock } from '../../shared/clock';
import { clientAddress } from '../../shared/http/rate-limit';
import { AnyRole, AuthenticatedUser, CurrentUser } from '../auth/auth.decorators';
import { CredentialsStore } from '../credentials.store';
import { tooManyAttempts } from '../login/login.controller';
import { hashPassword, verifyPassword } from '../passwords';
import { LoginLockout, slowDown } from '../sessions/login-lockout';
import { RefreshTokens } from '../sessions/refresh-tokens';
import { Sessions } from '../sessions/sessions.service';
import { userDecider } from '../user.decider';
import { userStream } from '../user.events';

export class ChangePasswordDto {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  currentPassword!: string;

  @ApiProperty({ minLength: 10 })
  @IsString()
  @MinLength(10)
  @MaxLength(200)
  newPassword!: string;
}

@ApiTags('auth')
@ApiBearerAuth()
@Controller('api/v1/auth')
export class ChangePasswordController {
  constructor(
    private readonly users: UsersQueries,
    private readonly credentials: CredentialsStore,
    private readonly lockout: LoginLockout,
    private readonly refreshTokens: RefreshTokens,
    private readonly sessions: Sessions,
    private readonly executor: CommandExecutor,
    private readonly contexts: CommandContextFactory,
    private readonly clock: Clock,
  ) {}

  /** Any signed-in user, with their current password. Every other session ends; a new pair is returned. */
  @Post('change-password')
  @AnyRole()
  @HttpCode(200)
  @ApiOperation({ operationId: 'changePassword', summary: "Change one's own password" })
  @ApiOkResponse({
    description: 'changed: a fresh pair of tokens; other sign-ins are ended',
    type: SessionTokensResponse,
  })
  @ApiProblems(
    [400, 'the current password is wrong, or the new one too short'],
    401,
    [429, 'too many failed attempts for this email from here; Retry-After says when to try again'],
    409,
    503,
  )
  async change(
    @Body() body: ChangePasswordDto,
    @CurrentUser() viewer: AuthenticatedUser,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const now = this.clock.now();
    const client = clientAddress(req);
    const user = await this.users.byId(viewer.id);
    if (!user) throw new UnauthorizedException('this account no longer exists');
    const brake = await this.lockout.brake(user.email, client, now);
    if (brake.lockedForMs > 0) throw tooManyAttempts(res, brake.lockedForMs);
    await slowDown(brake);
    const hash = await this.credentials.get(user.id);
    if (!hash || !(await verifyPassword(body.currentPassword, hash))) {
      await this.lockout.failed(user.email, client, now);
      throw new BadRequestException('the current password is not right');
    }
    await this.credentials.set(user.id, await hashPassword(body.newPassword));
    await this.executor.execute(
      userStream(user.id),
      userDecider,
      { type: 'ChangePassword', userId: user.id },
      this.contexts.create(),
    );
    await this.refreshTokens.revokeUser(user.id, now);
    return this.sessions.start({ id: user.id, email: user.email, role: user.role });
  }
}
