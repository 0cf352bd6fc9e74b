import { ICommand } from '@nestjs/cqrs';
import { CommandContext } from '../../cqrs/command-context';

/** Email a one-hour reset link to the account with this email, if there is one. */
export class RequestPasswordReset implements ICommand {
  constructor(
    readonly email: string,
    readonly context: CommandContext,
  ) {}
}
