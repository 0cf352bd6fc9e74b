import { BadRequestException } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { UsersQueries } from '../../../projections/users/users.queries';
import { CommandExecutor } from '../../cqrs/command-executor';
import { CredentialsStore } from '../credentials.store';
import { hashPassword } from '../passwords';
import { RefreshTokens } from '../sessions/refresh-tokens';
import { userDecider } from '../user.decider';
import { userStream } from '../user.events';
import { PasswordTokens } from './password-tokens';
import { SetPassword } from './set-password.command';

/** Consumes the link's token, stores the new password, records the change and ends every earlier sign-in. */
@CommandHandler(SetPassword)
export class SetPasswordHandler implements ICommandHandler<SetPassword, void> {
  constructor(
    private readonly tokens: PasswordTokens,
    private readonly credentials: CredentialsStore,
    private readonly executor: CommandExecutor,
    private readonly users: UsersQueries,
    private readonly refreshTokens: RefreshTokens,
  ) {}

  async execute({ token, password, context }: SetPassword): Promise<void> {
    const at = new Date(context.issuedAt);
    const hash = await hashPassword(password);
    const userId = await this.tokens.consume(token, at);
    if (!userId) throw new BadRequestException('this link is invalid, used or expired; ask the office for a new one');
    await this.credentials.set(userId, hash);
    // The link proves who this is: the change is theirs, not an anonymous caller's.
    const user = await this.users.byId(userId);
    const ctx = { ...context, actor: { id: userId, role: user?.role ?? 'public' } as const };
    await this.executor.execute(userStream(userId), userDecider, { type: 'ChangePassword', userId }, ctx);
    await this.refreshTokens.revokeUser(userId, at);
  }
}
