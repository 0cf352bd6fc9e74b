import { ICommand } from '@nestjs/cqrs';
import { CommandContext } from '../../cqrs/command-context';

/** A signed-in user changes their own password, giving the current one; the instant is the context's issuedAt. */
export class ChangeOwnPassword implements ICommand {
  constructor(
    readonly userId: string,
    readonly currentPassword: string,
    readonly newPassword: string,
    /** where the request comes from: failed attempts are braked per email and address */
    readonly client: string,
    readonly context: CommandContext,
  ) {}
}
