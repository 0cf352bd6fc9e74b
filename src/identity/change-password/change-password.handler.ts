import { BadRequestException, UnauthorizedException } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { UsersQueries } from '../../../projections/users/users.queries';
import { CommandExecutor } from '../../cqrs/command-executor';
import { CredentialsStore } from '../credentials.store';
import { hashPassword, verifyPassword } from '../passwords';
import { LoginLockout, slowDown } from '../sessions/login-lockout';
import { RefreshTokens } from '../sessions/refresh-tokens';
import { Sessions, SessionTokens } from '../sessions/sessions.service';
import { userDecider } from '../user.decider';
import { userStream } from '../user.events';
import { ChangeOwnPassword } from './change-password.command';

/** Changed: a fresh pair of tokens; or still locked out for so long after too many failed attempts. */
export type PasswordChange = { changed: true; tokens: SessionTokens } | { changed: false; lockedForMs: number };

/**
 * Checks the current password (braked like a sign-in), stores the new one, records the change,
 * ends every other sign-in and starts a new one.
 */
@CommandHandler(ChangeOwnPassword)
export class ChangeOwnPasswordHandler implements ICommandHandler<ChangeOwnPassword, PasswordChange> {
  constructor(
    private readonly users: UsersQueries,
    private readonly credentials: CredentialsStore,
    private readonly lockout: LoginLockout,
    private readonly refreshTokens: RefreshTokens,
    private readonly sessions: Sessions,
    private readonly executor: CommandExecutor,
  ) {}

  async execute({ userId, currentPassword, newPassword, client, context }: ChangeOwnPassword): Promise<PasswordChange> {
    const now = new Date(context.issuedAt);
    const user = await this.users.byId(userId);
    if (!user) throw new UnauthorizedException('this account no longer exists');
    const brake = await this.lockout.brake(user.email, client, now);
    if (brake.lockedForMs > 0) return { changed: false, lockedForMs: brake.lockedForMs };
    await slowDown(brake);
    const hash = await this.credentials.get(user.id);
    if (!hash || !(await verifyPassword(currentPassword, hash))) {
      await this.lockout.failed(user.email, client, now);
      throw new BadRequestException('the current password is not right');
    }
    await this.credentials.set(user.id, await hashPassword(newPassword));
    await this.executor.execute(userStream(user.id), userDecider, { type: 'ChangePassword', userId: user.id }, context);
    await this.refreshTokens.revokeUser(user.id, now);
    return { changed: true, tokens: await this.sessions.start({ id: user.id, email: user.email, role: user.role }) };
  }
}
