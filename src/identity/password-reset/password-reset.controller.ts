import { Body, Controller, HttpCode, Injectable, Logger, OnApplicationShutdown, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiAcceptedResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../../shared/http/openapi';
import { MessageResponse } from '../login/login.response';
import { MaxLength } from 'class-validator';
import { IsEmailAddress } from '../../shared/http/validators';
import { CommandContext } from '../../cqrs/command-context';
import { CommandContextFactory } from '../../cqrs/command-context.factory';
import { RateLimit } from '../../shared/http/rate-limit';
import { Public } from '../auth/auth.decorators';
import { RequestPasswordReset } from './password-reset.command';

export class PasswordResetDto {
  @ApiProperty({ example: 'parent@example.com' })
  @IsEmailAddress()
  @MaxLength(254)
  email!: string;
}

/**
 * Sends a one-hour reset link to an account's email (RequestPasswordResetHandler). The request
 * is answered before the work starts and the same way for every address, so neither the answer
 * nor its timing says whether the email has an account.
 */
@Injectable()
export class PasswordResets implements OnApplicationShutdown {
  private readonly logger = new Logger('PasswordReset');
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly commands: CommandBus) {}

  start(email: string, ctx: CommandContext): void {
    const work = this.commands
      .execute<RequestPasswordReset, void>(new RequestPasswordReset(email, ctx))
      .catch((err: Error) => this.logger.error(`a password reset could not be sent: ${err.message}`))
      .finally(() => this.pending.delete(work));
    this.pending.add(work);
  }

  /** Lets resets already asked for finish before the app stops. */
  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([...this.pending]);
  }

  /** For tests: every reset asked for so far has been handled. */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.pending]);
  }
}

@ApiTags('auth')
@Controller('api/v1/auth')
export class PasswordResetController {
  constructor(
    private readonly resets: PasswordResets,
    private readonly contexts: CommandContextFactory,
  ) {}

  @Public()
  @Post('password-reset')
  @HttpCode(202)
  @RateLimit('login')
  @ApiOperation({ operationId: 'requestPasswordReset', summary: 'Email a link to choose a new password' })
  @ApiAcceptedResponse({
    description: 'the same answer whether or not the email has an account; a link is emailed when it has',
    type: MessageResponse,
  })
  @ApiProblems(400, 429)
  request(@Body() body: PasswordResetDto): { message: string } {
    this.resets.start(body.email.trim().toLowerCase(), this.contexts.create());
    return { message: 'if an account uses this email, a link to choose a new password is on its way' };
  }
}
