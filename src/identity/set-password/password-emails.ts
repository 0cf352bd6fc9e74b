import { EntityManager } from '@mikro-orm/postgresql';
import { Body, Controller, HttpCode, Inject, Logger, Post } from '@nestjs/common';
import { CommandHandler, ICommand, ICommandHandler } from '@nestjs/cqrs';
import { ApiAcceptedResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsEmail, MaxLength } from 'class-validator';
import { UserRow } from '../../../projections/users/user.entity';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { CommandContext } from '../../cqrs/command-context';
import { CommandExecutor } from '../../cqrs/command-executor';
import { NotificationOutbox } from '../../notifications/notification-outbox';
import { Clock } from '../../shared/clock';
import { Public } from '../auth/auth.decorators';
import { userDecider, UserState } from '../user.decider';
import { userStream } from '../user.events';
import { PasswordTokens, TOKEN_TTL_MS } from './password-tokens';

/** A reset link works for two hours; one is sent per account per hour at most. */
export const RESET_TTL_MS = 2 * 60 * 60 * 1000;

/** Emails a new account without a password its one-time set-password link. */
export class SendSetPasswordEmail implements ICommand {
  constructor(
    readonly userId: string,
    readonly context: CommandContext,
  ) {}
}

@CommandHandler(SendSetPasswordEmail)
export class SendSetPasswordEmailHandler implements ICommandHandler<SendSetPasswordEmail> {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly tokens: PasswordTokens,
    private readonly outbox: NotificationOutbox,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ userId, context }: SendSetPasswordEmail): Promise<void> {
    const user = await this.executor.load<UserState, never>(userStream(userId), userDecider);
    if (user.status !== 'registered' || user.hasPassword) return;
    const issuedAt = new Date(context.issuedAt);
    // The token derives from the user and 'account': a redelivery re-renders the same link.
    const token = await this.tokens.issue(userId, 'set-password', 'account', issuedAt);
    await this.outbox.request({
      key: `set-password:${userId}`,
      to: user.email,
      template: 'set-password',
      data: {
        name: user.displayName,
        loginEmail: user.email,
        setPasswordUrl: `${this.config.publicUrl}/set-password?token=${token}`,
        expiresAt: new Date(issuedAt.getTime() + TOKEN_TTL_MS).toISOString(),
      },
      causedByEventId: context.causationId ?? undefined,
      correlationId: context.correlationId,
    });
  }
}

export class ResetPasswordDto {
  @ApiProperty({ example: 'parent@example.com' })
  @IsEmail()
  @MaxLength(254)
  email!: string;
}

@ApiTags('auth')
@Controller('api/v1/auth')
export class ResetPasswordController {
  private readonly logger = new Logger('PasswordReset');

  constructor(
    private readonly em: EntityManager,
    private readonly tokens: PasswordTokens,
    private readonly outbox: NotificationOutbox,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Emails a one-time link to choose a new password (used at POST /api/v1/auth/set-password).
   * The answer is the same whether or not the address has an account; an account gets at most
   * one reset email per hour, however often this is called.
   */
  @Public()
  @Post('reset-password')
  @HttpCode(202)
  @ApiAcceptedResponse({ description: 'If the address has an account, a reset link is on its way' })
  async requestReset(@Body() body: ResetPasswordDto): Promise<{ accepted: true }> {
    const user = await this.em.fork().findOne(UserRow, { email: body.email.trim().toLowerCase() });
    if (!user) return { accepted: true };
    const now = this.clock.now();
    const hour = new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000);
    const token = await this.tokens.issue(user.id, 'reset-password', hour.toISOString(), now, RESET_TTL_MS);
    const { created } = await this.outbox.request({
      key: `password-reset:${user.id}:${hour.toISOString()}`,
      to: user.email,
      template: 'password-reset',
      data: { name: user.displayName, resetUrl: `${this.config.publicUrl}/set-password?token=${token}`, expiresAt: new Date(hour.getTime() + RESET_TTL_MS).toISOString() },
    });
    if (!created) this.logger.debug(`password reset for ${user.id}: already sent this hour`);
    return { accepted: true };
  }
}
