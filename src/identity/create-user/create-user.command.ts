import { ICommand } from '@nestjs/cqrs';
import { CommandContext } from '../../cqrs/command-context';

/** Create a staff account (admin or auditor) with its password. */
export class CreateUser implements ICommand {
  constructor(
    readonly data: { email: string; role: 'admin' | 'auditor'; displayName: string; password: string },
    readonly context: CommandContext,
  ) {}
}
