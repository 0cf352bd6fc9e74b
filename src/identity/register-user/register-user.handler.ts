import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandExecutor, ExecutionResult, newStream } from '../../cqrs/command-executor';
import { EmailClaims } from '../email-claims';
import { userDecider } from '../user.decider';
import { UserEvent, userStream } from '../user.events';
import { RegisterUser } from './register-user.command';

@CommandHandler(RegisterUser)
export class RegisterUserHandler implements ICommandHandler<RegisterUser, ExecutionResult<UserEvent>> {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly claims: EmailClaims,
  ) {}

  async execute({ data, context }: RegisterUser): Promise<ExecutionResult<UserEvent>> {
    const email = data.email.trim().toLowerCase();
    await this.claims.claim(email, data.userId, userStream(data.userId), context);
    return this.executor.execute(
      userStream(data.userId),
      userDecider,
      { type: 'RegisterUser', ...data, email },
      context,
      // a user's id is new to the log (derived from the command that makes the account)
      newStream(userStream(data.userId)),
    );
  }
}
