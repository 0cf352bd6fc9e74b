import { ICommand } from '@nestjs/cqrs';
import { CommandContext } from '../../cqrs/command-context';
import { Role } from '../user.events';

export class RegisterUser implements ICommand {
  constructor(
    readonly data: { userId: string; email: string; role: Role; displayName: string; teacherId: string | null },
    readonly context: CommandContext,
  ) {}
}
