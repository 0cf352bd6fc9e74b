import { ICommand } from '@nestjs/cqrs';
import { CommandContext } from '../../cqrs/command-context';

/** Trade a refresh token for a new pair; the instant is the context's issuedAt. */
export class RefreshSession implements ICommand {
  constructor(
    readonly refreshToken: string,
    readonly context: CommandContext,
  ) {}
}
