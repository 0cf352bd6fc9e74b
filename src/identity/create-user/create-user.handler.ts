import { CommandBus, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { subContext } from '../../cqrs/command-context';
import { CommandExecutor } from '../../cqrs/command-executor';
import { deriveId } from '../../shared/ids';
import { CredentialsStore } from '../credentials.store';
import { hashPassword } from '../passwords';
import { RegisterUser } from '../register-user/register-user.command';
import { userDecider } from '../user.decider';
import { userStream } from '../user.events';
import { CreateUser } from './create-user.command';

export interface CreatedUser {
  userId: string;
  /** where the password change was appended: the users read model shows the account from there on */
  position: number;
}

/** Registers the account (its email claimed once), then stores its password and records that it has one. */
@CommandHandler(CreateUser)
export class CreateUserHandler implements ICommandHandler<CreateUser, CreatedUser> {
  constructor(
    private readonly commands: CommandBus,
    private readonly executor: CommandExecutor,
    private readonly credentials: CredentialsStore,
  ) {}

  async execute({ data, context }: CreateUser): Promise<CreatedUser> {
    const userId = deriveId(context.commandId, 'user');
    const hash = await hashPassword(data.password);
    await this.commands.execute(
      new RegisterUser(
        { userId, email: data.email, role: data.role, displayName: data.displayName, teacherId: null },
        context,
      ),
    );
    await this.credentials.set(userId, hash);
    const result = await this.executor.execute(
      userStream(userId),
      userDecider,
      { type: 'ChangePassword', userId },
      subContext(context, 'password'),
    );
    return { userId, position: result.position };
  }
}
