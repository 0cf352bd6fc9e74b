import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../../shared/http/openapi';
import { OkResponse } from '../login/login.response';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { CommandContextFactory } from '../../cqrs/command-context.factory';
import { RateLimit } from '../../shared/http/rate-limit';
import { Public } from '../auth/auth.decorators';
import { SetPassword } from './set-password.command';

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
    private readonly commandBus: CommandBus,
    private readonly contexts: CommandContextFactory,
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
    await this.commandBus.execute<SetPassword, void>(
      new SetPassword(body.token, body.password, this.contexts.create()),
    );
    return { ok: true };
  }
}
