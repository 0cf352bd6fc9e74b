import { Inject } from '@nestjs/common';
import { CommandHandler, ICommand, ICommandHandler } from '@nestjs/cqrs';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { CommandContext } from '../../cqrs/command-context';
import { CommandExecutor } from '../../cqrs/command-executor';
import { NotificationOutbox } from '../../notifications/notification-outbox';
import { PasswordTokens } from '../set-password/password-tokens';
import { userDecider, UserState } from '../user.decider';
import { userStream } from '../user.events';

/** Emails a new teacher account its set-password link (parents get theirs in the enrollment welcome). */
export class SendTeacherWelcome implements ICommand {
  constructor(
    readonly userId: string,
    readonly context: CommandContext,
  ) {}
}

@CommandHandler(SendTeacherWelcome)
export class SendTeacherWelcomeHandler implements ICommandHandler<SendTeacherWelcome> {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly tokens: PasswordTokens,
    private readonly outbox: NotificationOutbox,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ userId, context }: SendTeacherWelcome): Promise<void> {
    const user = await this.executor.load<UserState, never>(userStream(userId), userDecider);
    if (user.status !== 'registered' || user.role !== 'teacher' || user.hasPassword) return;
    // The token derives from the triggering event: a redelivery renders the same link,
    // and the outbox key sends it once.
    const token = await this.tokens.issue(
      userId,
      'set-password',
      context.causationId ?? context.commandId,
      new Date(context.issuedAt),
    );
    await this.outbox.request({
      key: `teacher-welcome:${userId}`,
      to: user.email,
      template: 'teacher-welcome',
      data: {
        teacherName: user.displayName,
        loginEmail: user.email,
        setPasswordUrl: `${this.config.publicUrl}/set-password?token=${token}`,
      },
      causedByEventId: context.causationId ?? undefined,
      correlationId: context.correlationId,
    });
  }
}
