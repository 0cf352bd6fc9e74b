import { ICommand } from '@nestjs/cqrs';
import { CommandContext } from '../../cqrs/command-context';

/** Set a password with the one-time token of an emailed link; the instant is the context's issuedAt. */
export class SetPassword implements ICommand {
  constructor(
    readonly token: string,
    readonly password: string,
    readonly context: CommandContext,
  ) {}
}
