import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { UsersQueries } from '../../../projections/users/users.queries';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { CommandExecutor } from '../../cqrs/command-executor';
import { NotificationOutbox } from '../../notifications/notification-outbox';
import { PasswordTokens } from '../set-password/password-tokens';
import { userDecider } from '../user.decider';
import { userStream } from '../user.events';
import { RequestPasswordReset } from './password-reset.command';

/**
 * Issues the link's token, records the request on the user's stream and puts the email in the
 * outbox, keyed by the command: the same command sends one email.
 */
@CommandHandler(RequestPasswordReset)
export class RequestPasswordResetHandler implements ICommandHandler<RequestPasswordReset, void> {
  constructor(
    private readonly users: UsersQueries,
    private readonly tokens: PasswordTokens,
    private readonly outbox: NotificationOutbox,
    private readonly executor: CommandExecutor,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ email, context: ctx }: RequestPasswordReset): Promise<void> {
    const user = await this.users.byEmail(email);
    if (!user) return;
    const token = await this.tokens.issue(user.id, 'reset-password', ctx.commandId, new Date(ctx.issuedAt));
    await this.executor.execute(
      userStream(user.id),
      userDecider,
      { type: 'RequestPasswordReset', userId: user.id },
      ctx,
    );
    await this.outbox.request({
      key: `password-reset:${ctx.commandId}`,
      to: user.email,
      template: 'password-reset',
      data: { name: user.displayName, resetUrl: `${this.config.publicUrl}/set-password?token=${token}` },
      correlationId: ctx.correlationId,
    });
  }
}
