import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandExecutor, ExecutionResult } from '../../cqrs/command-executor';
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
    );
  }
}
