import { Body, Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../../shared/http/openapi';
import { SessionTokensResponse } from '../login/login.response';
import { IsString, MaxLength, MinLength } from 'class-validator';
import type { Request, Response } from 'express';
import { CommandContextFactory } from '../../cqrs/command-context.factory';
import { clientAddress } from '../../shared/http/rate-limit';
import { AnyRole, AuthenticatedUser, CurrentUser } from '../auth/auth.decorators';
import { tooManyAttempts } from '../login/login.controller';
import { ChangeOwnPassword } from './change-password.command';
import { PasswordChange } from './change-password.handler';

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
    private readonly commands: CommandBus,
    private readonly contexts: CommandContextFactory,
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
    const result = await this.commands.execute<ChangeOwnPassword, PasswordChange>(
      new ChangeOwnPassword(
        viewer.id,
        body.currentPassword,
        body.newPassword,
        clientAddress(req),
        this.contexts.create(),
      ),
    );
    if (!result.changed) throw tooManyAttempts(res, result.lockedForMs);
    return result.tokens;
  }
}
