import { UnauthorizedException } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { UsersQueries } from '../../../projections/users/users.queries';
import { CommandExecutor } from '../../cqrs/command-executor';
import { SYSTEM_ACTOR } from '../../shared/request-context';
import { RefreshTokens } from '../sessions/refresh-tokens';
import { Sessions, SessionTokens } from '../sessions/sessions.service';
import { userDecider } from '../user.decider';
import { userStream } from '../user.events';
import { RefreshSession } from './refresh.command';

/**
 * Uses the refresh token up and answers with the next pair; a token used twice ends that sign-in
 * everywhere, recorded on the user's stream (by the system: the caller may be the thief).
 */
@CommandHandler(RefreshSession)
export class RefreshSessionHandler implements ICommandHandler<RefreshSession, SessionTokens> {
  constructor(
    private readonly refreshTokens: RefreshTokens,
    private readonly sessions: Sessions,
    private readonly users: UsersQueries,
    private readonly executor: CommandExecutor,
  ) {}

  async execute({ refreshToken, context }: RefreshSession): Promise<SessionTokens> {
    const outcome = await this.refreshTokens.rotate(refreshToken, new Date(context.issuedAt));
    if (outcome.kind === 'reused') {
      await this.executor.execute(
        userStream(outcome.userId),
        userDecider,
        { type: 'RevokeSessions', userId: outcome.userId, familyId: outcome.familyId, reason: 'refresh-token-reused' },
        { ...context, actor: SYSTEM_ACTOR },
      );
      throw new UnauthorizedException(
        'this refresh token was already used: that sign-in has been ended everywhere; sign in again',
      );
    }
    if (outcome.kind === 'invalid')
      throw new UnauthorizedException('the refresh token is invalid, expired or revoked; sign in again');
    const user = await this.users.byId(outcome.userId);
    if (!user) throw new UnauthorizedException('this account no longer exists');
    return this.sessions.answer(
      { id: user.id, email: user.email, role: user.role },
      outcome.refreshToken,
      outcome.familyId,
    );
  }
}
