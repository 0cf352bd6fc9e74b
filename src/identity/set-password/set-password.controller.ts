import { BadRequestException, Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../../shared/http/openapi';
import { OkResponse } from '../login/login.response';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { CommandContextFactory } from '../../cqrs/command-context.factory';
import { CommandExecutor } from '../../cqrs/command-executor';
import { Clock } from '../../shared/clock';
import { RateLimit } from '../../shared/http/rate-limit';
import { UsersQueries } from '../../../projections/users/users.queries';
import { Public } from '../auth/auth.decorators';
import { RefreshTokens } from '../sessions/refresh-tokens';
import { CredentialsStore } from '../credentials.store';
import { hashPassword } from '../passwords';
import { userDecider } from '../user.decider';
import { userStream } from '../user.events';
import { PasswordTokens } from './password-tokens';

export class SetPasswordDto {
  @ApiProperty({ description: 'the token from the emailed link' })
  @IsString()
  @MinLength(20)
  @MaxLength(200)
  token!: string;

  @ApiProperty({ minLength: 10 })
  @IsString()
  @MinLength(10)
  @MaxLength(200)
  password!: string;
}

@ApiTags('auth')
@Controller('api/v1/auth')
export class SetPasswordController {
  constructor(
    private readonly tokens: PasswordTokens,
    private readonly credentials: CredentialsStore,
    private readonly executor: CommandExecutor,
    private readonly contexts: CommandContextFactory,
    private readonly clock: Clock,
    private readonly users: UsersQueries,
    private readonly refreshTokens: RefreshTokens,
  ) {}

  /** Sets a password with the one-time token of an emailed link (welcome or reset); every earlier sign-in ends. */
  @Public()
  @Post('set-password')
  @HttpCode(200)
  @RateLimit('login')
  @ApiOperation({ operationId: 'setPassword', summary: 'Set a password with the token of an emailed link' })
  @ApiOkResponse({ description: 'The password is set; sign in with it', type: OkResponse })
  @ApiProblems([400, 'a field is malformed, or the link is unknown, used or expired'], 429, 409, 503)
  async setPassword(@Body() body: SetPasswordDto): Promise<{ ok: true }> {
    const hash = await hashPassword(body.password);
    const userId = await this.tokens.consume(body.token, this.clock.now());
    if (!userId) throw new BadRequestException('this link is invalid, used or expired; ask the office for a new one');
    await this.credentials.set(userId, hash);
    // The link proves who this is: the change is theirs, not an anonymous caller's.
    const user = await this.users.byId(userId);
    const ctx = { ...this.contexts.create(), actor: { id: userId, role: user?.role ?? 'public' } as const };
    await this.executor.execute(userStream(userId), userDecider, { type: 'ChangePassword', userId }, ctx);
    await this.refreshTokens.revokeUser(userId, this.clock.now());
    return { ok: true };
  }
}
